"""The scikit-learn peer of Distillery's tfidf-logreg student.

Reads one task as JSON on stdin (train texts and labels, test texts, parameters), fits
TfidfVectorizer + LogisticRegression exactly as configured, and writes JSON with the test
predictions, probabilities of the first class, and the wall time of fitting and predicting.
Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def main():
    task = json.load(sys.stdin)
    p = task["params"]
    started = time.perf_counter()
    # JSON has one number type: scikit-learn reads an int as a count and a float as a fraction.
    vectorizer = TfidfVectorizer(ngram_range=(1, p["ngram_max"]), sublinear_tf=p["sublinear_tf"],
                                 min_df=int(p["min_df"]), max_df=float(p["max_df"]))
    x_train = vectorizer.fit_transform(task["train_texts"])
    model = LogisticRegression(C=p["C"], max_iter=p["max_iter"], tol=p["tol"],
                               class_weight=p["class_weight"])
    model.fit(x_train, task["train_labels"])
    fit_seconds = time.perf_counter() - started

    started = time.perf_counter()
    probabilities = model.predict_proba(vectorizer.transform(task["test_texts"]))
    predict_seconds = time.perf_counter() - started
    classes = list(model.classes_)
    predictions = [classes[i] for i in probabilities.argmax(axis=1)]
    json.dump({
        "predictions": predictions,
        "classes": classes,
        "probabilities": probabilities.tolist(),
        "fit_seconds": fit_seconds,
        "predict_seconds": predict_seconds,
        "features": len(vectorizer.vocabulary_),
        "iterations": int(model.n_iter_[0]),
    }, sys.stdout)


if __name__ == "__main__":
    main()
