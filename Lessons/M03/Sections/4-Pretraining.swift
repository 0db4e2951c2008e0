import DeepLearning
import Workbook

func pretraining(_ lesson: LessonContext) throws {}
