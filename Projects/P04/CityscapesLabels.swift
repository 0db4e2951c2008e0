/// The Cityscapes label ids, train ids and palette (cityscapesscripts/helpers/labels.py).
///
/// Label images store a `labelId` (0...33) per pixel; training uses 19 `trainId`s
/// (0...18) and maps every other label id to 255, which the loss and the metric ignore.
enum Cityscapes {
    static let ignore = 255
    static let trainClasses = 19

    /// (name, label id, colour) of the 19 evaluated classes, in train-id order.
    static let classes: [(name: String, labelId: Int, color: (UInt8, UInt8, UInt8))] = [
        ("road", 7, (128, 64, 128)), ("sidewalk", 8, (244, 35, 232)), ("building", 11, (70, 70, 70)),
        ("wall", 12, (102, 102, 156)), ("fence", 13, (190, 153, 153)), ("pole", 17, (153, 153, 153)),
        ("traffic light", 19, (250, 170, 30)), ("traffic sign", 20, (220, 220, 0)), ("vegetation", 21, (107, 142, 35)),
        ("terrain", 22, (152, 251, 152)), ("sky", 23, (70, 130, 180)), ("person", 24, (220, 20, 60)),
        ("rider", 25, (255, 0, 0)), ("car", 26, (0, 0, 142)), ("truck", 27, (0, 0, 70)),
        ("bus", 28, (0, 60, 100)), ("train", 31, (0, 80, 100)), ("motorcycle", 32, (0, 0, 230)),
        ("bicycle", 33, (119, 11, 32)),
    ]

    /// trainId of every labelId 0...255 (255 where the class is not evaluated).
    static let trainIdOfLabelId: [UInt8] = {
        var table = [UInt8](repeating: UInt8(ignore), count: 256)
        for (trainId, c) in classes.enumerated() { table[c.labelId] = UInt8(trainId) }
        return table
    }()

    /// The label id a generator writes for a train id.
    static func labelId(ofTrainId trainId: Int) -> UInt8 { UInt8(classes[trainId].labelId) }

    /// The palette colour of a train id (black for 255).
    static func color(ofTrainId trainId: Int) -> (UInt8, UInt8, UInt8) {
        trainId < classes.count ? classes[trainId].color : (0, 0, 0)
    }
}

/// The train ids of the classes the scene generator draws.
enum SceneClass: Int, CaseIterable {
    case road = 0, sidewalk = 1, building = 2, pole = 5, trafficSign = 7, vegetation = 8, terrain = 9, sky = 10, person = 11, car = 13
}
