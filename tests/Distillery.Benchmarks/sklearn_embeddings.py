"""The scikit-learn peer of Distillery's `embedding-logreg` student.

Reads one task as JSON on stdin: the encoder's vectors of the training and test texts (made
once by Distillery, so both sides fit the same inputs), the training labels and C. Fits
LogisticRegression (L2, lbfgs) and writes JSON with the test predictions and the fit time.
Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression


def main():
    task = json.load(sys.stdin)
    started = time.perf_counter()
    model = LogisticRegression(C=task["C"], max_iter=2000, tol=1e-6, class_weight=task.get("class_weight"))
    model.fit(np.asarray(task["train_vectors"], dtype=np.float64), task["train_labels"])
    fit_seconds = time.perf_counter() - started
    classes = list(model.classes_)
    probabilities = model.predict_proba(np.asarray(task["test_vectors"], dtype=np.float64))
    json.dump({"predictions": [classes[i] for i in probabilities.argmax(axis=1)], "fit_seconds": fit_seconds}, sys.stdout)


if __name__ == "__main__":
    main()
