// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {XwLibCore} from "./XwLibCore.sol";

/// @title XwEscrow: the hub's accounts of tokens, as iExec's escrow.
/// @notice Every account has a free `stake` (deposited or earned; withdrawable) and a `locked`
/// part (backing a deal or a contribution). The hub holds exactly the sum of all accounts: lock
/// and unlock move between the two parts of one account, seize takes locked tokens out of an
/// account and reward pays them into another within the same transaction.
abstract contract XwEscrow {
    using SafeERC20 for IERC20;

    IERC20 public immutable token;

    mapping(address => uint256) internal m_balances;
    mapping(address => uint256) internal m_frozens;

    event Deposit(address owner, uint256 amount);
    event DepositFor(address owner, uint256 amount, address target);
    event Withdraw(address owner, uint256 amount);
    event Reward(address owner, uint256 amount, bytes32 ref);
    event Seize(address owner, uint256 amount, bytes32 ref);
    event Lock(address owner, uint256 amount);
    event Unlock(address owner, uint256 amount);

    /// `account` has `free` tokens not locked, less than the `needed` to lock or withdraw.
    error InsufficientFreeBalance(address account, uint256 needed, uint256 free);
    error ZeroAddress();

    constructor(IERC20 token_) {
        token = token_;
    }

    /// Moves `amount` tokens (approved beforehand) from the sender into its account.
    function deposit(uint256 amount) external returns (bool) {
        _pull(amount, msg.sender);
        emit Deposit(msg.sender, amount);
        return true;
    }

    /// Moves `amount` tokens (approved beforehand) from the sender into `target`'s account:
    /// how a worker without gas gets the tokens it stakes.
    function depositFor(uint256 amount, address target) external returns (bool) {
        if (target == address(0)) revert ZeroAddress();
        _pull(amount, target);
        emit DepositFor(msg.sender, amount, target);
        return true;
    }

    /// Sends `amount` free tokens of the sender's account back to it.
    function withdraw(uint256 amount) external returns (bool) {
        _requireFree(msg.sender, amount);
        m_balances[msg.sender] -= amount;
        token.safeTransfer(msg.sender, amount);
        emit Withdraw(msg.sender, amount);
        return true;
    }

    function viewAccount(address account) external view returns (XwLibCore.Account memory) {
        return XwLibCore.Account(m_balances[account], m_frozens[account]);
    }

    function _pull(uint256 amount, address target) private {
        token.safeTransferFrom(msg.sender, address(this), amount);
        m_balances[target] += amount;
    }

    function _requireFree(address account, uint256 amount) internal view {
        uint256 free = m_balances[account];
        if (free < amount) revert InsufficientFreeBalance(account, amount, free);
    }

    function _lock(address account, uint256 amount) internal {
        _requireFree(account, amount);
        m_balances[account] -= amount;
        m_frozens[account] += amount;
        emit Lock(account, amount);
    }

    function _unlock(address account, uint256 amount) internal {
        m_frozens[account] -= amount;
        m_balances[account] += amount;
        emit Unlock(account, amount);
    }

    function _seize(address account, uint256 amount, bytes32 ref) internal {
        m_frozens[account] -= amount;
        emit Seize(account, amount, ref);
    }

    function _reward(address account, uint256 amount, bytes32 ref) internal {
        if (amount > 0) {
            m_balances[account] += amount;
            emit Reward(account, amount, ref);
        }
    }
}
