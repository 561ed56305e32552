// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "SettlementEscrow.sol";

/// @notice Exposes the escrow's Poseidon to the tests: the same code, compared with the C# Poseidon and measured alone.
contract PoseidonProbe is SettlementEscrow {
    constructor(IERC20Collateral[] memory collateral) SettlementEscrow(0, ISettlementVerifier(address(0)), collateral, 0) {}

    // The constants go first in memory (POSEIDON_AT), so the elements arrive in calldata and are copied after them.
    function hash(uint256[] calldata e, uint256 domain) external view returns (uint256) {
        _loadPoseidon();
        return _hash(e, domain);
    }

    function hash4(uint256 c0, uint256 c1, uint256 c2, uint256 c3) external view returns (uint256) {
        _loadPoseidon();
        return _hash4(c0, c1, c2, c3);
    }

    /// Only the constants' copy to memory, to subtract from the others.
    function load() external view {
        _loadPoseidon();
    }
}
