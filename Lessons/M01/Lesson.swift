// Lesson M01 · Deep-learning foundations (深度学习基础).
// Run `swift run M01 --help` for the sections; the text is Docs/M01.md.
import Foundation
import Workbook

@main
enum M01Lesson {
    static func main() {
        exit(
            runLesson(
                id: "M01", title: "Deep-learning foundations (深度学习基础)",
                sections: [
                    LessonSection("Neural-network basics: perceptron, MLP, activations (神经网络基础)", run: basics),
                    LessonSection("Backpropagation: the chain rule by hand and by autograd (反向传播)", run: backpropagation),
                    LessonSection("Optimizers: SGD, momentum, Adam, schedules (优化器)", run: optimizers),
                    LessonSection("Regularization: dropout, batch norm, weight decay (正则化)", run: regularization),
                    LessonSection("Two styles on MNIST: imperative loop vs fit (PyTorch 与 TensorFlow 对比)", run: twoStyles),
                ]))
    }
}
