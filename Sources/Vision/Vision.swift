// Vision utilities for the computer-vision lessons and projects:
//   Box, BoxTensor      box formats, conversion, clipping, areas
//   BoxIoU              IoU, GIoU, DIoU, CIoU (pairwise and elementwise) and the IoU losses
//   NMS                 non-maximum suppression, plain and class-aware
//   Anchors, BoxCoder   anchor grids and Faster R-CNN box encoding
//   Hungarian           minimum-cost assignment (DETR matching)
//   AveragePrecision, DetectionMetrics    VOC and COCO average precision
//   ConfusionMatrix, Dice                 segmentation scores and the soft Dice loss
import Tensors
