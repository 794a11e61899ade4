// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title Registry: entries (apps, datasets, workerpools) each owned by an address.
/// @notice An entry's id is an address, as in iExec where each entry is a contract made by CREATE2:
/// here it is derived, not deployed: the low 20 bytes of
/// keccak256(abi.encode(registry, owner, keccak256(the entry's content))). The same owner cannot
/// register the same content twice in one registry. Orders name entries by this id
/// (AppOrder.app, DatasetOrder.dataset, WorkerpoolOrder.workerpool), and the hub asks the
/// registry who owns it.
abstract contract Registry {
    mapping(address => address) private m_owners;
    uint256 private m_count;

    event OwnershipTransferred(address indexed entry, address indexed previousOwner, address indexed newOwner);

    /// Whether `entry` is registered here.
    function isRegistered(address entry) public view returns (bool) {
        return m_owners[entry] != address(0);
    }

    /// The owner of `entry`, or address(0) when it is not registered.
    function ownerOf(address entry) public view returns (address) {
        return m_owners[entry];
    }

    /// How many entries were registered.
    function count() external view returns (uint256) {
        return m_count;
    }

    /// Hands `entry` to `newOwner`; only its owner may.
    function transferOwnership(address entry, address newOwner) external {
        address owner = m_owners[entry];
        require(owner != address(0), "Registry: unknown entry");
        require(owner == msg.sender, "Registry: only the entry's owner transfers it");
        require(newOwner != address(0), "Registry: new owner is the zero address");
        m_owners[entry] = newOwner;
        emit OwnershipTransferred(entry, owner, newOwner);
    }

    function _entryId(address owner, bytes32 contentHash) internal view returns (address) {
        return address(uint160(uint256(keccak256(abi.encode(address(this), owner, contentHash)))));
    }

    function _register(address owner, bytes32 contentHash) internal returns (address entry) {
        require(owner != address(0), "Registry: owner is the zero address");
        entry = _entryId(owner, contentHash);
        require(m_owners[entry] == address(0), "Registry: already registered by this owner");
        m_owners[entry] = owner;
        m_count += 1;
        emit OwnershipTransferred(entry, address(0), owner);
    }
}
