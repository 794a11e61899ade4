// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title XwToken: the ERC-20 token xwgrid's hub is paid in.
/// @notice Nine decimals, as iExec's RLC. The deployer may mint (tests, demos, a private chain);
/// nobody else can.
contract XwToken is ERC20 {
    address public immutable minter;

    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {
        minter = msg.sender;
    }

    function decimals() public pure override returns (uint8) {
        return 9;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == minter, "XwToken: only the deployer mints");
        _mint(to, amount);
    }
}
