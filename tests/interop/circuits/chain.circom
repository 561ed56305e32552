pragma circom 2.0.0;

// (c) Chained squaring: x_{i+1} = x_i^2 + c for i = 0 .. n-1, one non-linear constraint per step.
// x_0 is private, c is a public input, the public output is x_n.
// The template lives in chain_template.circom so that bench/snarkjs/compare.sh can build other sizes.
include "chain_template.circom";

component main {public [c]} = Chain(1000);
