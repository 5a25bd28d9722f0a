#!/usr/bin/python3
"""NumPy peer of `nnfs bench --only mlp`, written the way the "Neural Networks from Scratch" book
(and this project's seed) does it: Layer_Dense, Activation_ReLU, Activation_Softmax,
Loss_CategoricalCrossentropy, the fused Activation_Softmax_Loss_CategoricalCrossentropy backward
and Optimizer_Adam, each step computing loss and accuracy as the book's Model.train does.
The matrix products run in OpenBLAS through np.dot.

Same MLP 784-128-ReLU-10, Adam (lr 1e-3, eps 1e-7), batch, MNIST reshuffled every epoch. Two
deliberate departures from the book, both in the peer's favour: float32 everywhere (the book's
np.random.randn makes float64 weights, twice the memory traffic), and no L1/L2 or dropout code
paths. OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are set to --threads before NumPy is imported.

    /usr/bin/python3 bench/peers/numpy_mlp.py --data DIR --batch 128 --threads 2 --epochs 3
"""
import json
import os
import sys
import time

np = None  # imported in main(), after the thread variables are set


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = (0.01 * np.random.randn(n_inputs, n_neurons)).astype(np.float32)
        self.biases = np.zeros((1, n_neurons), dtype=np.float32)

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        self.inputs = inputs
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def predictions(self, outputs):
        return np.argmax(outputs, axis=1)


class Loss_CategoricalCrossentropy:
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        correct_confidences = y_pred_clipped[range(samples), y_true]
        return -np.log(correct_confidences)

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Optimizer_Adam:
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, "weight_cache"):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += -self.current_learning_rate * weight_momentums_corrected / \
            (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / \
            (np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


def main():
    global np
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from peer_args import parse_and_pin
    args = parse_and_pin()
    import numpy
    np = numpy
    from mnist_idx import load_train, steady_median

    np.random.seed(args.seed)
    X, y = load_train(args.data)
    n = len(X)

    dense1 = Layer_Dense(784, 128)
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(128, 10)
    activation2 = Activation_Softmax()
    loss_function = Loss_CategoricalCrossentropy()
    softmax_loss = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=1e-3, epsilon=1e-7)

    seconds, loss, accuracy = [], 0.0, 0.0
    for _ in range(args.epochs):
        start = time.perf_counter()
        keys = np.random.permutation(n)
        loss_sum, correct = 0.0, 0
        for begin in range(0, n, args.batch):
            batch_keys = keys[begin:begin + args.batch]
            batch_X, batch_y = X[batch_keys], y[batch_keys]

            dense1.forward(batch_X)
            activation1.forward(dense1.output)
            dense2.forward(activation1.output)
            activation2.forward(dense2.output)
            data_loss = loss_function.calculate(activation2.output, batch_y)
            predictions = activation2.predictions(activation2.output)
            correct += int(np.sum(predictions == batch_y))
            loss_sum += float(data_loss) * len(batch_y)

            softmax_loss.backward(activation2.output, batch_y)
            dense2.backward(softmax_loss.dinputs)
            activation1.backward(dense2.dinputs)
            dense1.backward(activation1.dinputs)

            optimizer.pre_update_params()
            optimizer.update_params(dense1)
            optimizer.update_params(dense2)
            optimizer.post_update_params()
        seconds.append(time.perf_counter() - start)
        loss, accuracy = loss_sum / n, correct / n

    print(json.dumps({"bench": "mlp", "impl": "numpy", "version": np.__version__, "batch": args.batch,
                      "threads": args.threads, "samples": n, "epochs_s": seconds,
                      "median_s": steady_median(seconds), "train_loss": loss, "train_acc": accuracy}))


if __name__ == "__main__":
    main()
