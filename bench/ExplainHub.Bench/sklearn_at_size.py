# The bench's own helper for `./bench.sh classical --train-sizes …`: scikit-learn fitted as w7_sklearn.py's case CASE
# fits it (same estimator and settings, same data: Fashion-MNIST pixels / 255, the first N of numpy's default_rng(0)
# permutation of the train split, the full 10k test split), but on N training images instead of the case's fixed size.
# Usage: /usr/bin/python3 sklearn_at_size.py CASE N [POOL]   (REFERENCE_DIR: ../shared/reference, for its data loader)
# POOL > 1: every image reduced by POOLxPOOL max pooling first (the bench's --max-pool, MaxPooledDataset.cs).
import os
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.environ["REFERENCE_DIR"])
import json
import time
import common as C
import numpy as np
from sklearn.decomposition import PCA
from sklearn.ensemble import AdaBoostClassifier, RandomForestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

case, n = sys.argv[1], int(sys.argv[2])
pool = int(sys.argv[3]) if len(sys.argv) > 3 else 1
xtr, ytr, xte, yte = C.load_fmnist()
if pool > 1:
    def max_pool(x):
        h, w = x.shape[-2] // pool, x.shape[-1] // pool
        return x.reshape(len(x), h, pool, w, pool).max(axis=(2, 4))
    xtr, xte = max_pool(xtr.reshape(len(xtr), 28, 28)), max_pool(xte.reshape(len(xte), 28, 28))
perm = np.random.default_rng(0).permutation(len(xtr))
X = (xtr.reshape(len(xtr), -1)[perm] / 255.0)[:n]
y = ytr[perm][:n]
Xt = xte.reshape(len(xte), -1) / 255.0


def ada():
    base = DecisionTreeClassifier(max_depth=3)
    try:
        return AdaBoostClassifier(estimator=base, n_estimators=50, random_state=0)
    except TypeError:
        return AdaBoostClassifier(base_estimator=base, n_estimators=50, random_state=0)


models = {
    "linsvc": lambda: LinearSVC(C=1.0, random_state=0),
    "svc_linear": lambda: SVC(kernel="linear"),
    "svc_rbf": lambda: SVC(kernel="rbf"),
    # Timed as one fit, PCA included (w7 times the PCA apart; the bench adds it back for that case).
    "pca_svc": lambda: make_pipeline(PCA(n_components=128, random_state=0), SVC(kernel="rbf")),
    "rf": lambda: RandomForestClassifier(n_estimators=150, max_depth=15, n_jobs=2, random_state=0),
    "ada": ada,
}
clf = models[case]()
t0 = time.perf_counter(); clf.fit(X, y); fit = time.perf_counter() - t0
t0 = time.perf_counter(); pred = clf.predict(Xt); predict = time.perf_counter() - t0
print(json.dumps({"case": case, "n_train": n, "fit_s": round(fit, 2), "predict_s": round(predict, 3),
                  "test_acc": round(float((pred == yte).mean()), 4)}))
