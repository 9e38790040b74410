#!/usr/bin/env python3
"""Writes the values that NumPy's legacy RandomState, scikit-learn's splitters and its Perceptron return, for
SklearnSplitsTest and SklearnPerceptronTest to check the Java reproductions against
(helpers/src/test/resources/org/mljava/helpers/sklearn-reference.json).

Needs scikit-learn (Debian: apt-get install python3-sklearn; 1.2.1 wrote the committed file). Run it again
only to check another scikit-learn version: python3 tests/sklearn/make_fixtures.py
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.linear_model import Perceptron
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.preprocessing import StandardScaler

OUT = (pathlib.Path(__file__).resolve().parents[2] / 'helpers' / 'src' / 'test' / 'resources' / 'org' / 'mljava'
       / 'helpers' / 'sklearn-reference.json')


def ints(a):
    return [int(v) for v in a]


def random_state_draws():
    draws = {}
    rs = np.random.RandomState(1)
    draws['random_sample_seed1'] = [float(v) for v in rs.random_sample(5)]
    rs = np.random.RandomState(1)
    draws['normal_0_0.01_seed1'] = [float(v) for v in rs.normal(loc=0.0, scale=0.01, size=5)]
    rs = np.random.RandomState(1)
    draws['permutation_10_seed1'] = ints(rs.permutation(10))
    rs = np.random.RandomState(123)
    draws['randint_2pow31m1_seed123'] = ints(rs.randint(np.iinfo(np.int32).max, size=4))
    rs = np.random.RandomState(0)
    draws['uniform_m1_1_seed0'] = [float(v) for v in rs.uniform(-1, 1, size=4)]
    rs = np.random.RandomState(4294967295)
    draws['permutation_7_seed4294967295'] = ints(rs.permutation(7))
    return draws


def perceptrons():
    """The book's chapter 3 setting (Iris petals, standardized, eta0=0.1, random_state=1), and two more."""
    cases = []
    iris, wdbc = load_iris(), load_breast_cancer()
    for name, x, y, eta0, seed, test_size in [('iris-petals', iris.data[:, [2, 3]], iris.target, 0.1, 1, 0.3),
                                              ('iris-all', iris.data, iris.target, 0.01, 7, 0.3),
                                              ('wdbc-2-features', wdbc.data[:, :2], wdbc.target, 0.1, 1, 0.2)]:
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=1, stratify=y)
        scaler = StandardScaler().fit(x_train)
        model = Perceptron(eta0=eta0, random_state=seed).fit(scaler.transform(x_train), y_train)
        cases.append({'name': name, 'eta0': eta0, 'seed': seed,
                      'x_train': scaler.transform(x_train).tolist(), 'y_train': ints(y_train),
                      'x_test': scaler.transform(x_test).tolist(), 'y_test': ints(y_test),
                      'coef': model.coef_.tolist(), 'intercept': model.intercept_.tolist(), 'n_iter': int(model.n_iter_),
                      'predicted': ints(model.predict(scaler.transform(x_test)))})
    return cases


def main():
    data = {'iris': load_iris().target, 'wine': load_wine().target, 'wdbc': load_breast_cancer().target}
    splits = []
    for name, test_size, seed in [('iris', 0.3, 1), ('wine', 0.3, 0), ('wdbc', 0.2, 1), ('iris', 0.25, 42), ('wine', 0.3, 1)]:
        y = data[name]
        train, test = train_test_split(np.arange(len(y)), test_size=test_size, random_state=seed, stratify=y)
        splits.append({'data': name, 'test_size': test_size, 'seed': seed, 'stratify': True, 'train': ints(train), 'test': ints(test)})
    for n, test_size, seed in [(506, 0.3, 123), (150, 0.3, 1)]:
        train, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed)
        splits.append({'n': n, 'test_size': test_size, 'seed': seed, 'stratify': False, 'train': ints(train), 'test': ints(test)})
    # the book's chapter 6: 10 stratified folds (no shuffling) over the WDBC training part
    y = data['wdbc']
    train, _ = train_test_split(np.arange(len(y)), test_size=0.2, random_state=1, stratify=y)
    y_train = y[train]
    folds = np.empty(len(y_train), dtype=int)
    for k, (_, test_index) in enumerate(StratifiedKFold(n_splits=10).split(np.zeros(len(y_train)), y_train)):
        folds[test_index] = k
    fixture = {
        'generated_by': f'scikit-learn {sklearn.__version__}, NumPy {np.__version__}',
        'labels': {name: ints(y) for name, y in data.items()},
        'random_state': random_state_draws(),
        'train_test_split': splits,
        'stratified_kfold': {'labels': ints(y_train), 'k': 10, 'folds': ints(folds)},
        'perceptron': perceptrons(),
    }
    OUT.write_text(json.dumps(fixture) + '\n')
    print(f'wrote {OUT} ({OUT.stat().st_size} bytes) with {fixture["generated_by"]}')


if __name__ == '__main__':
    main()
