import DeepLearning
import Workbook

func recurrentNetworks(_ lesson: LessonContext) throws {}
