# Cross-check of the engine's SCG and CCG against a plain per-image PyTorch computation on the same weights, images
# and heat maps (seed 002 eq. 2, eq. 3 and Algorithm 1, one image at a time as shared/reference/w6_scg_ccg.py does).
# Usage: /usr/bin/python3 pytorch_confidence_gain.py REFERENCE_DIR EXPORT_DIR DATA_DIR N SIDE RHO MAX_GROWTHS
# EXPORT_DIR/model.safetensors: the engine's seed CNN (conv1, conv2, fc and its input_mean/input_std standardisation),
# loaded into shared/reference/common.py's seed_cnn(). DATA_DIR: images.f32 (N x 1 x SIDE x SIDE in [0,1]),
# targets.i64 and heat.f32 (N x SIDE x SIDE). The mask keeps ceil(RHO * pixels) pixels, the highest H first and,
# among equal values, the lower index (a stable sort), as the engine documents. Bases: Gaussian blur 17x17, sigma 3,
# reflect padding (w6's), and zeros. Prints one JSON line: per base, per image [scg, ccg, growths, status].
import json
import math
import struct
import sys

sys.dont_write_bytecode = True
ref, export, data, n, side, rho, max_grow = sys.argv[1:8]
sys.path.insert(0, ref)
import common as C  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

n, side, rho, max_grow = int(n), int(side), float(rho), int(max_grow)
C.setup_torch(0)

with open(f"{export}/model.safetensors", "rb") as f:
    size = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(size))
    blob = f.read()
tensors = {}
for name, entry in header.items():
    if name == "__metadata__":
        continue
    start, end = entry["data_offsets"]
    tensors[name] = torch.from_numpy(np.frombuffer(blob[start:end], dtype=np.float32).reshape(entry["shape"]).copy())

net = C.seed_cnn()
net[8] = torch.nn.Linear(64, tensors["fc.weight"].shape[0])  # seed_cnn() has Fashion-MNIST's 10 classes
rename = {"conv1": "0", "conv2": "3", "fc": "8"}
net.load_state_dict({rename[k.split(".")[0]] + "." + k.split(".")[1]: v for k, v in tensors.items() if k.split(".")[0] in rename})
net.eval()
mean = tensors["input_mean"].view(1, -1, 1, 1)
std = tensors["input_std"].view(1, -1, 1, 1)


def model(x):
    return net((x - mean) / std)


images = torch.from_numpy(np.fromfile(f"{data}/images.f32", dtype=np.float32).reshape(n, 1, side, side))
targets = np.fromfile(f"{data}/targets.i64", dtype=np.int64)
heat = torch.from_numpy(np.fromfile(f"{data}/heat.f32", dtype=np.float32).reshape(n, side * side))

g1 = torch.exp(-((torch.arange(17) - 8.0) ** 2) / (2 * 3.0 ** 2))
g1 /= g1.sum()
GK = (g1[:, None] * g1[None, :])[None, None]


def prob(x, y):
    with torch.no_grad():
        out = F.softmax(model(x), 1)
    return out[0, y].item(), out.argmax(1).item()


def gains(x, h, y, base_kind):
    pixels = h.numel()
    k = max(1, math.ceil(rho * pixels))
    order = torch.sort(h, descending=True, stable=True).indices
    m = torch.zeros(pixels)
    m[order[:k]] = 1
    m = m.view(1, 1, side, side)
    base = F.conv2d(F.pad(x, (8, 8, 8, 8), mode="reflect"), GK) if base_kind == "blur" else torch.zeros_like(x)
    p_orig, _ = prob(x, y)
    p_base, _ = prob(base, y)
    p_hyb, _ = prob(torch.where(m > 0, x, base), y)
    den = p_orig - p_base
    if den <= 0:
        return [None, None, None, "base"]
    if p_hyb - p_base < 0:
        return [None, None, None, "hybrid"]
    scg = (p_hyb - p_base) / den
    grows = 0
    while True:
        p_am, pred = prob(torch.where(m > 0, x, base), y)
        if pred == y:
            break
        if grows == max_grow:
            return [scg, None, None, "growth"]
        m = F.max_pool2d(m, 3, 1, 1)
        grows += 1
    return [scg, (p_am - p_base) * pixels / (den * m.sum().item()), grows, "ok"]


result = {}
for base_kind in ("blur", "zeros"):
    result[base_kind] = [gains(images[i:i + 1], heat[i], int(targets[i]), base_kind) for i in range(n)]
print(json.dumps(result))
