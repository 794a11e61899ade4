// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Registry} from "./Registry.sol";

/// @title AppRegistry: applications, with iExec's App fields.
/// @notice `appName` is the name of the app on the grid (the oracle runs the grid app of that
/// name), `appType` its kind ("NATIVE", "DOCKER"), `appMultiaddr` where its package is, and
/// `appChecksum` the sha256 of its package.
contract AppRegistry is Registry {
    struct App {
        address owner;
        string name;
        string appType;
        bytes multiaddr;
        bytes32 checksum;
        bytes mrenclave;
    }

    mapping(address => App) private m_apps;

    event AppCreated(address indexed app, address indexed owner, string name);

    function createApp(
        address appOwner,
        string calldata appName,
        string calldata appType,
        bytes calldata appMultiaddr,
        bytes32 appChecksum,
        bytes calldata appMREnclave
    ) external returns (address app) {
        app = _register(appOwner, _content(appName, appType, appMultiaddr, appChecksum, appMREnclave));
        m_apps[app] = App(appOwner, appName, appType, appMultiaddr, appChecksum, appMREnclave);
        emit AppCreated(app, appOwner, appName);
    }

    /// The id createApp would give these arguments.
    function predictApp(
        address appOwner,
        string calldata appName,
        string calldata appType,
        bytes calldata appMultiaddr,
        bytes32 appChecksum,
        bytes calldata appMREnclave
    ) external view returns (address) {
        return _entryId(appOwner, _content(appName, appType, appMultiaddr, appChecksum, appMREnclave));
    }

    /// The app's fields; its owner as the registry knows it now.
    function viewApp(address app) external view returns (App memory entry) {
        require(isRegistered(app), "AppRegistry: unknown app");
        entry = m_apps[app];
        entry.owner = ownerOf(app);
    }

    function _content(
        string calldata appName,
        string calldata appType,
        bytes calldata appMultiaddr,
        bytes32 appChecksum,
        bytes calldata appMREnclave
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(appName, appType, appMultiaddr, appChecksum, appMREnclave));
    }
}
