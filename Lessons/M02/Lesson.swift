// Lesson M02 · Computer-vision foundations (计算机视觉基础).
// Run `swift run M02 --help` for the sections; the text is Docs/M02.md.
import Foundation
import Workbook

@main
enum M02Lesson {
    static func main() {
        exit(
            runLesson(
                id: "M02", title: "Computer-vision foundations (计算机视觉基础)",
                sections: [
                    LessonSection("Convolution by hand and by the library: filters and feature maps (卷积层)", run: convolutionByHand),
                    LessonSection("LeNet-5 on MNIST: convolution, pooling, fully connected (CNN 基础组件)", run: leNetOnMNIST),
                    LessonSection("Classic networks compared: LeNet, AlexNet, VGG, ResNet, EfficientNet (经典网络)", run: classicNetworks),
                    LessonSection("Object detection pieces: anchors, IoU, NMS, matching (目标检测)", run: detectionPieces),
                    LessonSection("Image segmentation: a small U-Net, Dice, mIoU, RoIAlign (图像分割)", run: segmentation),
                    LessonSection("Transfer learning: pre-train, freeze, fine-tune (迁移学习)", run: transferLearning),
                ]))
    }
}
