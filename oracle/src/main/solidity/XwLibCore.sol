// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title XwLibCore: the hub's records, with iExec PoCo v5's names and fields (IexecLibCore_v5).
library XwLibCore {
    /// An escrow account: `stake` is free (withdrawable, lockable), `locked` backs deals and contributions.
    struct Account {
        uint256 stake;
        uint256 locked;
    }

    /// A task category: its period T in seconds (`workClockTimeRef`) sets the deadlines.
    struct Category {
        string name;
        string description;
        uint256 workClockTimeRef;
    }

    struct Resource {
        address pointer;
        address owner;
        uint256 price;
    }

    struct Deal {
        Resource app;
        Resource dataset;
        Resource workerpool;
        uint256 trust;
        uint256 category;
        bytes32 tag;
        address requester;
        address beneficiary;
        address callback;
        string params;
        uint256 startTime;
        uint256 botFirst;
        uint256 botSize;
        uint256 workerStake;
        uint256 schedulerRewardRatio;
    }

    enum TaskStatusEnum {
        UNSET,
        ACTIVE,
        REVEALING,
        COMPLETED,
        FAILED
    }

    struct Task {
        TaskStatusEnum status;
        bytes32 dealid;
        uint256 idx;
        uint256 timeref;
        uint256 contributionDeadline;
        uint256 revealDeadline;
        uint256 finalDeadline;
        bytes32 consensusValue;
        uint256 revealCounter;
        uint256 winnerCounter;
        address[] contributors;
        bytes32 resultDigest;
        bytes results;
        uint256 resultsTimestamp;
        bytes resultsCallback;
    }

    /// Per result hash, the product of the weights of the workers who contributed it; `total`
    /// starts at 1 and grows with every change of a group.
    struct Consensus {
        mapping(bytes32 => uint256) group;
        uint256 total;
    }

    enum ContributionStatusEnum {
        UNSET,
        CONTRIBUTED,
        PROVED,
        REJECTED
    }

    /// `weight` is floor(log2(the worker's weight)) at contribution time: its share of the reward.
    struct Contribution {
        ContributionStatusEnum status;
        bytes32 resultHash;
        bytes32 resultSeal;
        address enclaveChallenge;
        uint256 weight;
    }
}
