# Cross-check of the engine's gradient and Grad-CAM maps against PyTorch on the same weights and images.
# Usage: /usr/bin/python3 pytorch_attribution.py REFERENCE_DIR EXPORT_DIR IMAGES.f32 N H W STRIDE OFFSET OUT_DIR
# Builds ../shared/reference/common.py's CIFAR-style ResNet-18 (1 channel, 7 classes), loads the engine's
# model.safetensors (torchvision's "downsample" is the reference's "short"; the engine's input_mean/input_std are
# 0 and 1 here), and writes for the predicted class of each image:
#   gradient.f32 - d p_c / d x (signed), N x H x W
#   gradcam.f32  - sum_k alpha_k A_k at layer4 (signed, before Grad-CAM's ReLU), placed on the input as the engine
#                  does: cell j at input pixel OFFSET + STRIDE*j, bilinear between cell centres, zero beyond them.
import json
import struct
import sys

sys.dont_write_bytecode = True
ref, export, images, n, h, w, stride, offset, out = sys.argv[1:10]
sys.path.insert(0, ref)
import common as C  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

n, h, w, stride, offset = int(n), int(h), int(w), float(stride), float(offset)
C.setup_torch(0)

with open(f"{export}/model.safetensors", "rb") as f:
    size = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(size))
    data = f.read()
state = {}
for name, entry in header.items():
    if name == "__metadata__" or name in ("input_mean", "input_std"):
        continue
    start, end = entry["data_offsets"]
    array = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry["shape"])
    state[name.replace(".downsample.", ".short.")] = torch.from_numpy(array.copy())

model = C.resnet((2, 2, 2, 2), 1, 7)
missing, unexpected = model.load_state_dict(state, strict=False)
missing = [m for m in missing if not m.endswith("num_batches_tracked")]
if missing or unexpected:
    raise SystemExit(f"weights do not fit: missing {missing}, unexpected {unexpected}")
model.eval()

x = torch.from_numpy(np.fromfile(images, dtype=np.float32).reshape(n, 1, h, w))
with torch.no_grad():
    target = model(x).argmax(1)

xg = x.clone().requires_grad_(True)
p = F.softmax(model(xg), 1).gather(1, target[:, None]).sum()
gradient, = torch.autograd.grad(p, xg)
gradient.squeeze(1).numpy().astype(np.float32).tofile(f"{out}/gradient.f32")

with torch.no_grad():
    a = model.layer4(model.layer3(model.layer2(model.layer1(model.relu(model.bn1(model.conv1(x)))))))
a = a.detach().requires_grad_(True)
logits = model.fc(torch.flatten(model.pool(a), 1))
score = logits.gather(1, target[:, None]).sum()
g, = torch.autograd.grad(score, a)
cam = (g.mean((2, 3), keepdim=True) * a).sum(1, keepdim=True).detach()
gh, gw = cam.shape[2], cam.shape[3]
gy = (torch.arange(h, dtype=torch.float32) - offset) / stride * (2.0 / (gh - 1)) - 1
gx = (torch.arange(w, dtype=torch.float32) - offset) / stride * (2.0 / (gw - 1)) - 1
grid = torch.stack([gx.view(1, w).expand(h, w), gy.view(h, 1).expand(h, w)], -1).unsqueeze(0).expand(n, h, w, 2)
# Beyond the outermost cell centres the map fades to its own minimum (the engine's CamUpsampler rule).
floor = cam.amin((2, 3), keepdim=True)
placed = F.grid_sample(cam - floor, grid, mode="bilinear", padding_mode="zeros", align_corners=True) + floor
placed.squeeze(1).numpy().astype(np.float32).tofile(f"{out}/gradcam.f32")
print(json.dumps({"targets": target.tolist()}))
