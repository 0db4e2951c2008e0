import DeepLearning
print("M01: Deep-learning foundations (lesson under construction)")
