import Vectors

// Sample lesson S01: a walkthrough that uses the exercises when they are done.
let v = Vector([1, 2, 3])
do {
    print("dot(v, v) =", try dot(v, v))
    print("relu =", try relu(Vector([-1, 0, 2])).values)
    print("softmax =", try softmax(v).values)
} catch {
    print(error)
}
