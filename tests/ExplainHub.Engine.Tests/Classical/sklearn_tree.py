# Cross-check of the Breiman forest's tree grower: scikit-learn's DecisionTreeClassifier (best splitter over all
# features, Gini, min_samples_split 2) fitted on the same rows, asked for the class probabilities of the same test rows.
# Usage: /usr/bin/python3 sklearn_tree.py TRAIN.ehf LABELS.ehf TEST.ehf MAX_DEPTH   (ExplainHub array files: "EHF1",
# rows and columns as int32, then float32 values). Prints one JSON line: {"features": [...], "thresholds": [...], "proba": [[...], ...]}, nodes in
# depth-first order, left first (as ours), a leaf's feature -1.
import json
import sys
sys.dont_write_bytecode = True
import numpy as np
from sklearn.tree import DecisionTreeClassifier


def read(path):
    header = np.fromfile(path, dtype=np.int32, count=3)
    return np.fromfile(path, dtype=np.float32, offset=12).reshape(int(header[1]), int(header[2]))


x, y, t = read(sys.argv[1]), read(sys.argv[2]).ravel().astype(int), read(sys.argv[3])
tree = DecisionTreeClassifier(max_depth=int(sys.argv[4]), random_state=0).fit(x, y)
tr = tree.tree_
print(json.dumps({"features": [int(f) if f >= 0 else -1 for f in tr.feature], "thresholds": tr.threshold.tolist(),
                  "proba": tree.predict_proba(t).tolist()}))
