pragma circom 2.0.0;

// x_{i+1} = x_i^2 + c, n constraints. Inputs x0 (private) and c; output out = x_n.
template Chain(n) {
    signal input x0;
    signal input c;
    signal output out;

    signal x[n];
    x[0] <== x0 * x0 + c;
    for (var i = 1; i < n; i++) {
        x[i] <== x[i - 1] * x[i - 1] + c;
    }
    out <== x[n - 1];
}
