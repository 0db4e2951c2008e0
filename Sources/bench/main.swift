import DeepLearning
print("bench")
