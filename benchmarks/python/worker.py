"""The Python side of the benchmark: the books' stack (scikit-learn, PyTorch, NumPy).

Started once by the Java driver (org.mljava.benchmarks.Bench) as
    /usr/bin/python3 -u worker.py DATA_DIR
with one thread everywhere (OMP_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1, MKL_NUM_THREADS=1 in its
environment, torch.set_num_threads(1) below). It reads one command per line on stdin and answers
one JSON line on stdout:
    info                  -> versions, BLAS, CPU
    prepare TASK SIZE     -> loads the task's data (not timed)
    run TASK              -> {"seconds": one timed repeat, "metric": accuracy or the like}
The data are the files the Java side exported from the notebooks' own loaders (org.mljava.data.Datasets).
"""
import json
import os
import resource
import sys
import time

import numpy as np

DATA = sys.argv[1]


def load(name):
    return np.load(os.path.join(DATA, name + '.npy'))


class Task:
    """setup() is not timed; run() is one timed repeat and returns the metric."""
    inner = 1


# ---- scikit-learn ----------------------------------------------------------------------------

class Wdbc(Task):
    def setup(self, size):
        self.xtr, self.ytr = load('wdbc_xtrain_std'), load('wdbc_ytrain')
        self.xte, self.yte = load('wdbc_xtest_std'), load('wdbc_ytest')


class LogReg(Wdbc):
    def run(self):
        from sklearn.linear_model import LogisticRegression
        m = LogisticRegression(C=1.0, solver='lbfgs', tol=1e-5, max_iter=1000).fit(self.xtr, self.ytr)
        return float((m.predict(self.xte) == self.yte).mean())


class Svc(Wdbc):
    def run(self):
        from sklearn.svm import SVC
        m = SVC(kernel='rbf', C=1.0, gamma=1.0 / 30, tol=1e-3).fit(self.xtr, self.ytr)
        return float((m.predict(self.xte) == self.yte).mean())


class GradBoost(Wdbc):
    def run(self):
        from sklearn.ensemble import GradientBoostingClassifier
        m = GradientBoostingClassifier(n_estimators=100, learning_rate=0.1, max_depth=3, subsample=1.0,
                                       random_state=1).fit(self.xtr, self.ytr)
        return float((m.predict(self.xte) == self.yte).mean())


class Digits(Task):
    def setup(self, size):
        self.xtr, self.ytr = load('digits_xtrain'), load('digits_ytrain')
        self.xte, self.yte = load('digits_xtest'), load('digits_ytest')
        self.x, self.y = load('digits_x'), load('digits_y')


class Forest(Digits):
    def run(self):
        from sklearn.ensemble import RandomForestClassifier
        m = RandomForestClassifier(n_estimators=100, max_features='sqrt', random_state=1, n_jobs=1).fit(self.xtr, self.ytr)
        return float((m.predict(self.xte) == self.yte).mean())


class Knn(Digits):
    def run(self):
        from sklearn.neighbors import KNeighborsClassifier
        m = KNeighborsClassifier(n_neighbors=5).fit(self.xtr, self.ytr)   # algorithm='auto' -> brute force at 64 features
        return float((m.predict(self.xte) == self.yte).mean())


class Pca(Digits):
    def run(self):
        from sklearn.decomposition import PCA
        m = PCA().fit(self.x)
        return float(m.explained_variance_ratio_[:2].sum())


class Kmeans(Digits):
    def run(self):
        from sklearn.cluster import KMeans
        m = KMeans(n_clusters=10, n_init=10, max_iter=300, tol=1e-4, algorithm='lloyd', random_state=0).fit(self.x)
        return float(m.inertia_)


class TfidfLogReg(Task):
    def setup(self, size):
        with open(os.path.join(DATA, 'imdb_train.json')) as f:
            train = json.load(f)
        with open(os.path.join(DATA, 'imdb_test.json')) as f:
            test = json.load(f)
        self.ttr, self.ytr = train['texts'], np.array(train['labels'])
        self.tte, self.yte = test['texts'], np.array(test['labels'])

    def run(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        vec = TfidfVectorizer()          # lowercase, token_pattern \b\w\w+\b, smooth idf, l2 rows
        xtr = vec.fit_transform(self.ttr)
        m = LogisticRegression(C=10.0, solver='lbfgs', tol=1e-5, max_iter=1000).fit(xtr, self.ytr)
        return float((m.predict(vec.transform(self.tte)) == self.yte).mean())


# ---- PyTorch ---------------------------------------------------------------------------------

_TORCH = []


def torch_setup():
    """Imports torch once, with one intra-op and one inter-op thread; seeds it for each task."""
    import torch
    if not _TORCH:
        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        _TORCH.append(torch)
    torch.manual_seed(1)
    return torch


class TrainStep(Task):
    """`inner` optimizer steps (forward, backward, Adam) on one MNIST batch of 64; returns the last loss."""

    def setup(self, size):
        torch = self.torch = torch_setup()
        px = load('mnist_batch64').astype(np.float32) / 255.0
        self.x = torch.from_numpy(px.reshape(self.shape))
        self.y = torch.from_numpy(load('mnist_batch64_labels').astype(np.int64))
        self.model = self.build(torch.nn)
        self.model.train()
        self.opt = torch.optim.Adam(self.model.parameters(), lr=0.001)
        self.loss = torch.nn.CrossEntropyLoss()

    def run(self):
        for _ in range(self.inner):
            self.opt.zero_grad()
            loss = self.loss(self.model(self.x), self.y)
            loss.backward()
            self.opt.step()
        return float(loss.item())


class MlpStep(TrainStep):
    inner = 50
    shape = (64, 784)

    def build(self, nn):
        return nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10))


class CnnStep(TrainStep):
    inner = 5
    shape = (64, 1, 28, 28)

    def build(self, nn):
        return nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.5), nn.Linear(1024, 10))


class TorchMatmul(Task):
    inner = 50

    def setup(self, size):
        torch = self.torch = torch_setup()
        g = np.random.RandomState(1)
        self.a = torch.from_numpy(g.standard_normal((512, 512)).astype(np.float32))
        self.b = torch.from_numpy(g.standard_normal((512, 512)).astype(np.float32))

    def run(self):
        for _ in range(self.inner):
            c = self.torch.matmul(self.a, self.b)
        return float(c[0, 0])


class NumpyMatmul(Task):
    inner = 50

    def setup(self, size):
        g = np.random.RandomState(1)
        self.a = g.standard_normal((512, 512)).astype(np.float32)
        self.b = g.standard_normal((512, 512)).astype(np.float32)

    def run(self):
        for _ in range(self.inner):
            c = self.a @ self.b
        return float(c[0, 0])


# ---- chapter 11: the book's NumPy MLP, one epoch -------------------------------------------------

class Ch11Epoch(Task):
    """One training epoch of the book's NeuralNetMLP (784-50-10, sigmoid, MSE on one-hot, lr 0.1,
    minibatches of 100 shuffled by np.random.seed(123)), float64, as in the book's chapter 11 code.
    Metric: test accuracy after the epoch (not timed)."""

    def setup(self, size):
        px = load('mnist_train_pixels')[:size]
        self.x = ((px.astype(np.float64) / 255.0) - 0.5) * 2.0
        self.y = load('mnist_train_labels')[:size].astype(np.int64)
        self.xte = ((load('mnist_test_pixels').astype(np.float64) / 255.0) - 0.5) * 2.0
        self.yte = load('mnist_test_labels').astype(np.int64)

    @staticmethod
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    def run(self):
        rng = np.random.RandomState(123)
        w_h = rng.normal(0.0, 0.1, size=(50, 784))
        b_h = np.zeros(50)
        w_out = rng.normal(0.0, 0.1, size=(10, 50))
        b_out = np.zeros(10)
        np.random.seed(123)
        idx = np.arange(self.x.shape[0])
        np.random.shuffle(idx)
        started = time.perf_counter()
        for start in range(0, idx.shape[0] - 100 + 1, 100):
            rows = idx[start:start + 100]
            x, y = self.x[rows], self.y[rows]
            a_h = self.sigmoid(np.dot(x, w_h.T) + b_h)
            a_out = self.sigmoid(np.dot(a_h, w_out.T) + b_out)
            onehot = np.zeros((y.shape[0], 10))
            onehot[np.arange(y.shape[0]), y] = 1.0
            d_loss__d_a_out = 2.0 * (a_out - onehot) / y.shape[0]
            d_a_out__d_z_out = a_out * (1.0 - a_out)
            delta_out = d_loss__d_a_out * d_a_out__d_z_out
            d_w_out = np.dot(delta_out.T, a_h)
            d_b_out = np.sum(delta_out, axis=0)
            d_z_h = np.dot(delta_out, w_out) * (a_h * (1.0 - a_h))
            d_w_h = np.dot(d_z_h.T, x)
            d_b_h = np.sum(d_z_h, axis=0)
            w_h -= 0.1 * d_w_h
            b_h -= 0.1 * d_b_h
            w_out -= 0.1 * d_w_out
            b_out -= 0.1 * d_b_out
        self.seconds = time.perf_counter() - started
        a_h = self.sigmoid(np.dot(self.xte, w_h.T) + b_h)
        a_out = self.sigmoid(np.dot(a_h, w_out.T) + b_out)
        return float((np.argmax(a_out, axis=1) == self.yte).mean())


TASKS = {'logreg': LogReg, 'svc': Svc, 'gboost': GradBoost, 'forest': Forest, 'knn': Knn, 'pca': Pca,
         'kmeans': Kmeans, 'tfidf': TfidfLogReg, 'mlp-step': MlpStep, 'cnn-step': CnnStep,
         'matmul-torch': TorchMatmul, 'matmul-numpy': NumpyMatmul, 'ch11-epoch': Ch11Epoch}


def blas_info():
    """The BLAS libraries this process has mapped (after numpy and torch are loaded)."""
    libs = set()
    try:
        with open('/proc/self/maps') as f:
            for line in f:
                path = line.split()[-1]
                base = os.path.basename(path)
                if any(k in base for k in ('blas', 'mkl', 'lapack', 'blis', 'atlas', 'gomp', 'omp')):
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(libs)


def info():
    import platform
    out = {'python': platform.python_version(), 'numpy': np.__version__}
    try:
        import sklearn
        out['scikit-learn'] = sklearn.__version__
    except ImportError as e:
        out['scikit-learn'] = 'missing: ' + str(e)
    try:
        import torch
        out['torch'] = torch.__version__
        out['torch_threads'] = torch.get_num_threads()
        cfg = torch.__config__.show()
        out['torch_blas'] = ' '.join(l.strip() for l in cfg.splitlines() if 'BLAS' in l or 'LAPACK' in l)[:300]
    except ImportError as e:
        out['torch'] = 'missing: ' + str(e)
    np.ones((64, 64)) @ np.ones((64, 64))
    out['blas_libraries'] = blas_info()
    return out


def main():
    tasks = {}
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == 'info':
                answer = info()
            elif parts[0] == 'prepare':
                task = TASKS[parts[1]]()
                task.setup(int(parts[2]))
                tasks[parts[1]] = task
                answer = {'ok': True, 'inner': task.inner}
            elif parts[0] == 'run':
                task = tasks[parts[1]]
                task.seconds = None
                faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                cpu = time.process_time()
                started = time.perf_counter()
                metric = task.run()
                seconds = time.perf_counter() - started
                cpu = time.process_time() - cpu
                faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
                wall = seconds
                if task.seconds is not None:      # the task timed only its own loop
                    seconds = task.seconds
                answer = {'seconds': seconds, 'metric': metric, 'cpu_per_wall': cpu / wall if wall >= 0.05 else None,
                          'page_faults': faults}
            elif parts[0] == 'quit':
                break
            else:
                answer = {'error': 'unknown command ' + parts[0]}
        except Exception as e:  # report, keep serving
            import traceback
            answer = {'error': repr(e), 'trace': traceback.format_exc()[-2000:]}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
