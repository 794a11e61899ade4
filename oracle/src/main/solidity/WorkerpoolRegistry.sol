// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Registry} from "./Registry.sol";

/// @title WorkerpoolRegistry: workerpools and their policies, as iExec's Workerpool.
/// @notice The owner of a workerpool is its scheduler: it signs the workers' authorizations,
/// reopens and finalizes its tasks, stakes for its deals and takes the scheduler's share.
/// Policies (iExec's defaults): each contribution stakes 30 % of the workerpool price, the
/// scheduler takes 1 % of the workers' reward. Deals keep the policy they were matched with.
contract WorkerpoolRegistry is Registry {
    struct Workerpool {
        address owner;
        string description;
        uint256 workerStakeRatioPolicy;
        uint256 schedulerRewardRatioPolicy;
    }

    uint256 public constant DEFAULT_WORKER_STAKE_RATIO = 30;
    uint256 public constant DEFAULT_SCHEDULER_REWARD_RATIO = 1;

    mapping(address => Workerpool) private m_workerpools;

    event WorkerpoolCreated(address indexed workerpool, address indexed owner, string description);
    event PolicyUpdate(
        address indexed workerpool,
        uint256 oldWorkerStakeRatioPolicy,
        uint256 newWorkerStakeRatioPolicy,
        uint256 oldSchedulerRewardRatioPolicy,
        uint256 newSchedulerRewardRatioPolicy
    );

    function createWorkerpool(address workerpoolOwner, string calldata workerpoolDescription)
        external
        returns (address workerpool)
    {
        workerpool = _register(workerpoolOwner, keccak256(bytes(workerpoolDescription)));
        m_workerpools[workerpool] = Workerpool(
            workerpoolOwner, workerpoolDescription, DEFAULT_WORKER_STAKE_RATIO, DEFAULT_SCHEDULER_REWARD_RATIO
        );
        emit WorkerpoolCreated(workerpool, workerpoolOwner, workerpoolDescription);
    }

    /// The id createWorkerpool would give these arguments.
    function predictWorkerpool(address workerpoolOwner, string calldata workerpoolDescription)
        external
        view
        returns (address)
    {
        return _entryId(workerpoolOwner, keccak256(bytes(workerpoolDescription)));
    }

    /// Changes the pool's policies (for deals matched from now on); only its owner may.
    function changePolicy(
        address workerpool,
        uint256 newWorkerStakeRatioPolicy,
        uint256 newSchedulerRewardRatioPolicy
    ) external {
        require(ownerOf(workerpool) == msg.sender, "WorkerpoolRegistry: only the workerpool's owner changes its policy");
        require(newWorkerStakeRatioPolicy <= 100, "WorkerpoolRegistry: worker stake ratio is a percentage");
        require(newSchedulerRewardRatioPolicy <= 100, "WorkerpoolRegistry: scheduler reward ratio is a percentage");
        Workerpool storage pool = m_workerpools[workerpool];
        emit PolicyUpdate(
            workerpool,
            pool.workerStakeRatioPolicy,
            newWorkerStakeRatioPolicy,
            pool.schedulerRewardRatioPolicy,
            newSchedulerRewardRatioPolicy
        );
        pool.workerStakeRatioPolicy = newWorkerStakeRatioPolicy;
        pool.schedulerRewardRatioPolicy = newSchedulerRewardRatioPolicy;
    }

    /// What the hub needs at match time: owner (address(0) if unknown) and policies.
    function policyOf(address workerpool)
        external
        view
        returns (address owner, uint256 workerStakeRatioPolicy, uint256 schedulerRewardRatioPolicy)
    {
        Workerpool storage pool = m_workerpools[workerpool];
        return (ownerOf(workerpool), pool.workerStakeRatioPolicy, pool.schedulerRewardRatioPolicy);
    }

    function viewWorkerpool(address workerpool) external view returns (Workerpool memory entry) {
        require(isRegistered(workerpool), "WorkerpoolRegistry: unknown workerpool");
        entry = m_workerpools[workerpool];
        entry.owner = ownerOf(workerpool);
    }
}
