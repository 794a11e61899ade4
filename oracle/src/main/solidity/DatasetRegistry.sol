// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Registry} from "./Registry.sol";

/// @title DatasetRegistry: datasets, with iExec's Dataset fields.
/// @notice `datasetMultiaddr` is where the data is (a grid data reference), `datasetChecksum`
/// its sha256.
contract DatasetRegistry is Registry {
    struct Dataset {
        address owner;
        string name;
        bytes multiaddr;
        bytes32 checksum;
    }

    mapping(address => Dataset) private m_datasets;

    event DatasetCreated(address indexed dataset, address indexed owner, string name);

    function createDataset(
        address datasetOwner,
        string calldata datasetName,
        bytes calldata datasetMultiaddr,
        bytes32 datasetChecksum
    ) external returns (address dataset) {
        dataset = _register(datasetOwner, keccak256(abi.encode(datasetName, datasetMultiaddr, datasetChecksum)));
        m_datasets[dataset] = Dataset(datasetOwner, datasetName, datasetMultiaddr, datasetChecksum);
        emit DatasetCreated(dataset, datasetOwner, datasetName);
    }

    /// The id createDataset would give these arguments.
    function predictDataset(
        address datasetOwner,
        string calldata datasetName,
        bytes calldata datasetMultiaddr,
        bytes32 datasetChecksum
    ) external view returns (address) {
        return _entryId(datasetOwner, keccak256(abi.encode(datasetName, datasetMultiaddr, datasetChecksum)));
    }

    function viewDataset(address dataset) external view returns (Dataset memory entry) {
        require(isRegistered(dataset), "DatasetRegistry: unknown dataset");
        entry = m_datasets[dataset];
        entry.owner = ownerOf(dataset);
    }
}
