// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {XwEscrow} from "./XwEscrow.sol";
import {XwLibCore} from "./XwLibCore.sol";
import {XwLibOrders} from "./XwLibOrders.sol";
import {AppRegistry} from "./AppRegistry.sol";
import {DatasetRegistry} from "./DatasetRegistry.sol";
import {WorkerpoolRegistry} from "./WorkerpoolRegistry.sol";

/// @title XwHub: xwgrid's Proof-of-Contribution hub, after iExec PoCo v5.
/// @notice Requesters, app and dataset owners and workerpools sign EIP-712 orders off chain;
/// matchOrders makes a deal of them and locks its price and the pool's stake; each task of the
/// deal is initialized, workers commit (contribute) under the scheduler's authorization until
/// Sarmenta credibility voting reaches the deal's trust, the winning group reveals, and the
/// scheduler finalizes (rewards) or, past the final deadline, anyone claims (refund).
/// Contributions and reveals may be relayed: the worker signs them (EIP-712) and anyone, the
/// pool's oracle in practice, sends them (contributeFor, revealFor), so volunteers need no gas;
/// the stake still comes from the worker's own account.
/// Deviations from iExec: no ERC-734 identity groups in restrictions (an address restricts to
/// itself), no TEE broker, registry entries are derived addresses rather than contracts, and
/// the EIP-712 domain is xwgrid's own.
contract XwHub is XwEscrow, EIP712, Ownable {
    using XwLibOrders for XwLibOrders.AppOrder;
    using XwLibOrders for XwLibOrders.DatasetOrder;
    using XwLibOrders for XwLibOrders.WorkerpoolOrder;
    using XwLibOrders for XwLibOrders.RequestOrder;
    using XwLibOrders for XwLibOrders.AppOrderOperation;
    using XwLibOrders for XwLibOrders.DatasetOrderOperation;
    using XwLibOrders for XwLibOrders.WorkerpoolOrderOperation;
    using XwLibOrders for XwLibOrders.RequestOrderOperation;

    string public constant DOMAIN_NAME = "xwgrid";
    string public constant DOMAIN_VERSION = "1";

    uint256 public constant CONTRIBUTION_DEADLINE_RATIO = 7;
    uint256 public constant REVEAL_DEADLINE_RATIO = 2;
    uint256 public constant FINAL_DEADLINE_RATIO = 10;
    uint256 public constant WORKERPOOL_STAKE_RATIO = 30;
    uint256 public constant KITTY_RATIO = 10;
    uint256 public constant KITTY_MIN = 1e9;
    address public constant KITTY_ADDRESS = 0x99c2268479b93fDe36232351229815DF80837e23;
    uint256 public constant CALLBACK_GAS = 100000;

    AppRegistry public immutable appregistry;
    DatasetRegistry public immutable datasetregistry;
    WorkerpoolRegistry public immutable workerpoolregistry;

    XwLibCore.Category[] private m_categories;
    mapping(bytes32 => uint256) private m_consumed;
    mapping(bytes32 => address) private m_presigned;
    mapping(bytes32 => XwLibCore.Deal) private m_deals;
    mapping(bytes32 => XwLibCore.Task) private m_tasks;
    mapping(bytes32 => XwLibCore.Consensus) private m_consensus;
    mapping(bytes32 => mapping(address => XwLibCore.Contribution)) private m_contributions;
    mapping(address => uint256) private m_workerScores;

    event CreateCategory(uint256 catid, string name, string description, uint256 workClockTimeRef);

    event SignedAppOrder(bytes32 appHash);
    event SignedDatasetOrder(bytes32 datasetHash);
    event SignedWorkerpoolOrder(bytes32 workerpoolHash);
    event SignedRequestOrder(bytes32 requestHash);
    event ClosedAppOrder(bytes32 appHash);
    event ClosedDatasetOrder(bytes32 datasetHash);
    event ClosedWorkerpoolOrder(bytes32 workerpoolHash);
    event ClosedRequestOrder(bytes32 requestHash);

    event OrdersMatched(
        bytes32 dealid, bytes32 appHash, bytes32 datasetHash, bytes32 workerpoolHash, bytes32 requestHash, uint256 volume
    );
    event SchedulerNotice(address indexed workerpool, bytes32 dealid);
    event TaskInitialize(bytes32 indexed taskid, address indexed workerpool);
    event TaskContribute(bytes32 indexed taskid, address indexed worker, bytes32 hash);
    event TaskConsensus(bytes32 indexed taskid, bytes32 consensus);
    event TaskReveal(bytes32 indexed taskid, address indexed worker, bytes32 digest);
    event TaskReopen(bytes32 indexed taskid);
    event TaskFinalize(bytes32 indexed taskid, bytes results);
    event TaskClaimed(bytes32 indexed taskid);
    event AccurateContribution(address indexed worker, bytes32 indexed taskid);
    event FaultyContribution(address indexed worker, bytes32 indexed taskid);

    // Refusals. Signature errors cover forged signatures and signatures made for another
    // chain or hub (the EIP-712 domain binds both).
    error OnlyScheduler(address scheduler);
    error CategoryPeriodZero();
    error UnknownCategory(uint256 category);
    error NotRegistered(address entry);
    error NotOrderOwner(address owner);
    error CategoryMismatch(uint256 requestCategory, uint256 workerpoolCategory);
    error TrustAboveWorkerpoolTrust(uint256 requestTrust, uint256 workerpoolTrust);
    error AppMaxPriceBelowPrice(uint256 appmaxprice, uint256 appprice);
    error DatasetMaxPriceBelowPrice(uint256 datasetmaxprice, uint256 datasetprice);
    error WorkerpoolMaxPriceBelowPrice(uint256 workerpoolmaxprice, uint256 workerpoolprice);
    error TagNotOffered(bytes32 tag, bytes32 workerpoolTag);
    error TeeNotDeclaredByApp();
    error AppMismatch(address requested, address offered);
    error DatasetMismatch(address requested, address offered);
    error RequestRestrictedToAnotherWorkerpool();
    error AppOrderRestrictedToAnotherDataset();
    error AppOrderRestrictedToAnotherWorkerpool();
    error AppOrderRestrictedToAnotherRequester();
    error DatasetOrderRestrictedToAnotherApp();
    error DatasetOrderRestrictedToAnotherWorkerpool();
    error DatasetOrderRestrictedToAnotherRequester();
    error WorkerpoolOrderRestrictedToAnotherApp();
    error WorkerpoolOrderRestrictedToAnotherDataset();
    error WorkerpoolOrderRestrictedToAnotherRequester();
    error InvalidAppOrderSignature();
    error InvalidDatasetOrderSignature();
    error InvalidWorkerpoolOrderSignature();
    error InvalidRequestOrderSignature();
    error VolumeExhausted();
    error LengthMismatch();
    error TaskNotInDeal(bytes32 dealid, uint256 idx);
    error TaskAlreadyInitialized(bytes32 taskid);
    error TaskNotActive(bytes32 taskid);
    error ContributionDeadlinePassed(bytes32 taskid, uint256 deadline);
    error AlreadyContributed(bytes32 taskid, address worker);
    error EmptyResultHash();
    error EnclaveRequired();
    error UnauthorizedContribution(bytes32 taskid, address worker);
    error InvalidEnclaveSignature();
    error InvalidWorkerSignature(address worker);
    error TaskNotRevealing(bytes32 taskid);
    error RevealDeadlinePassed(bytes32 taskid, uint256 deadline);
    error NothingToReveal(bytes32 taskid, address worker);
    error NotInConsensus(bytes32 taskid, address worker);
    error RevealHashMismatch(bytes32 taskid, address worker);
    error RevealSealMismatch(bytes32 taskid, address worker);
    error FinalDeadlinePassed(bytes32 taskid, uint256 deadline);
    error RevealDeadlineNotPassed(bytes32 taskid, uint256 deadline);
    error AlreadyRevealed(bytes32 taskid);
    error RevealsPending(bytes32 taskid, uint256 revealed, uint256 winners);
    error CallbackDataMismatch(bytes32 taskid);
    error CallbackGasTooLow();
    error TaskNotClaimable(bytes32 taskid, XwLibCore.TaskStatusEnum status);
    error FinalDeadlineNotPassed(bytes32 taskid, uint256 deadline);
    error TaskNotCompleted(bytes32 taskid);

    /// The hashes and owners of the orders being matched (kept in memory: too many for the stack).
    struct Matching {
        bytes32 appHash;
        address appOwner;
        bytes32 datasetHash;
        address datasetOwner;
        bytes32 workerpoolHash;
        address workerpoolOwner;
        bytes32 requestHash;
        bool hasDataset;
    }

    modifier onlyScheduler(bytes32 taskid) {
        address scheduler = m_deals[m_tasks[taskid].dealid].workerpool.owner;
        if (msg.sender != scheduler) revert OnlyScheduler(scheduler);
        _;
    }

    /// Deploys the hub over `token_` and the three registries, with iExec's five categories
    /// (XS 300 s, S 1200 s, M 3600 s, L 10800 s, XL 36000 s).
    constructor(IERC20 token_, AppRegistry apps, DatasetRegistry datasets, WorkerpoolRegistry workerpools)
        XwEscrow(token_)
        EIP712(DOMAIN_NAME, DOMAIN_VERSION)
        Ownable(msg.sender)
    {
        appregistry = apps;
        datasetregistry = datasets;
        workerpoolregistry = workerpools;
        _createCategory("XS", '{"name":"XS"}', 300);
        _createCategory("S", '{"name":"S"}', 1200);
        _createCategory("M", '{"name":"M"}', 3600);
        _createCategory("L", '{"name":"L"}', 10800);
        _createCategory("XL", '{"name":"XL"}', 36000);
    }

    /*──────────────────────────── categories ────────────────────────────*/

    /// Adds a category (the deployer only), e.g. one of a few seconds for tests.
    function createCategory(string calldata name, string calldata description, uint256 workClockTimeRef)
        external
        onlyOwner
        returns (uint256)
    {
        return _createCategory(name, description, workClockTimeRef);
    }

    function _createCategory(string memory name, string memory description, uint256 workClockTimeRef)
        private
        returns (uint256 catid)
    {
        if (workClockTimeRef == 0) revert CategoryPeriodZero();
        catid = m_categories.length;
        m_categories.push(XwLibCore.Category(name, description, workClockTimeRef));
        emit CreateCategory(catid, name, description, workClockTimeRef);
    }

    function viewCategory(uint256 catid) external view returns (XwLibCore.Category memory) {
        if (catid >= m_categories.length) revert UnknownCategory(catid);
        return m_categories[catid];
    }

    function countCategory() external view returns (uint256) {
        return m_categories.length;
    }

    /*──────────────────────────── orders ────────────────────────────*/

    /// The EIP-712 domain separator: name "xwgrid", version "1", this chain, this hub.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// An order's hash: the EIP-712 digest that its owner signs and that keys its consumed volume.
    function hashAppOrder(XwLibOrders.AppOrder calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    function hashDatasetOrder(XwLibOrders.DatasetOrder calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    function hashWorkerpoolOrder(XwLibOrders.WorkerpoolOrder calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    function hashRequestOrder(XwLibOrders.RequestOrder calldata order) external view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    /// How much of the order with that hash was matched (or its whole volume once closed).
    function viewConsumed(bytes32 orderHash) external view returns (uint256) {
        return m_consumed[orderHash];
    }

    /// Who presigned the order with that hash (address(0) if nobody).
    function viewPresigned(bytes32 orderHash) external view returns (address) {
        return m_presigned[orderHash];
    }

    /// Presigns (SIGN) or cancels (CLOSE) an app order; sent by the app's owner, or by anyone
    /// with the owner's EIP-712 signature of the operation.
    function manageAppOrder(XwLibOrders.AppOrderOperation calldata op) external {
        address owner = appregistry.ownerOf(op.order.app);
        if (owner == address(0)) revert NotRegistered(op.order.app);
        if (owner != msg.sender && !_checkSignature(owner, _hashTypedDataV4(op.hash()), op.sign)) {
            revert NotOrderOwner(owner);
        }
        bytes32 orderHash = _hashTypedDataV4(op.order.hash());
        if (op.operation == XwLibOrders.OrderOperationEnum.SIGN) {
            m_presigned[orderHash] = owner;
            emit SignedAppOrder(orderHash);
        } else {
            m_consumed[orderHash] = op.order.volume;
            emit ClosedAppOrder(orderHash);
        }
    }

    function manageDatasetOrder(XwLibOrders.DatasetOrderOperation calldata op) external {
        address owner = datasetregistry.ownerOf(op.order.dataset);
        if (owner == address(0)) revert NotRegistered(op.order.dataset);
        if (owner != msg.sender && !_checkSignature(owner, _hashTypedDataV4(op.hash()), op.sign)) {
            revert NotOrderOwner(owner);
        }
        bytes32 orderHash = _hashTypedDataV4(op.order.hash());
        if (op.operation == XwLibOrders.OrderOperationEnum.SIGN) {
            m_presigned[orderHash] = owner;
            emit SignedDatasetOrder(orderHash);
        } else {
            m_consumed[orderHash] = op.order.volume;
            emit ClosedDatasetOrder(orderHash);
        }
    }

    function manageWorkerpoolOrder(XwLibOrders.WorkerpoolOrderOperation calldata op) external {
        address owner = workerpoolregistry.ownerOf(op.order.workerpool);
        if (owner == address(0)) revert NotRegistered(op.order.workerpool);
        if (owner != msg.sender && !_checkSignature(owner, _hashTypedDataV4(op.hash()), op.sign)) {
            revert NotOrderOwner(owner);
        }
        bytes32 orderHash = _hashTypedDataV4(op.order.hash());
        if (op.operation == XwLibOrders.OrderOperationEnum.SIGN) {
            m_presigned[orderHash] = owner;
            emit SignedWorkerpoolOrder(orderHash);
        } else {
            m_consumed[orderHash] = op.order.volume;
            emit ClosedWorkerpoolOrder(orderHash);
        }
    }

    function manageRequestOrder(XwLibOrders.RequestOrderOperation calldata op) external {
        address owner = op.order.requester;
        if (owner == address(0)) revert NotRegistered(owner);
        if (owner != msg.sender && !_checkSignature(owner, _hashTypedDataV4(op.hash()), op.sign)) {
            revert NotOrderOwner(owner);
        }
        bytes32 orderHash = _hashTypedDataV4(op.order.hash());
        if (op.operation == XwLibOrders.OrderOperationEnum.SIGN) {
            m_presigned[orderHash] = owner;
            emit SignedRequestOrder(orderHash);
        } else {
            m_consumed[orderHash] = op.order.volume;
            emit ClosedRequestOrder(orderHash);
        }
    }

    /*──────────────────────────── matching ────────────────────────────*/

    /// Makes a deal of four compatible orders (a request with no dataset passes an all-zero
    /// dataset order): checks them as iExec v5 does, takes the volume all four still have, locks
    /// the requester's prices × volume and the pool owner's 30 % stake × volume.
    function matchOrders(
        XwLibOrders.AppOrder calldata appOrder,
        XwLibOrders.DatasetOrder calldata datasetOrder,
        XwLibOrders.WorkerpoolOrder calldata workerpoolOrder,
        XwLibOrders.RequestOrder calldata requestOrder
    ) external returns (bytes32 dealid) {
        _checkCompatible(appOrder, datasetOrder, workerpoolOrder, requestOrder);
        _checkRestrictions(appOrder, datasetOrder, workerpoolOrder, requestOrder);
        Matching memory ids = _checkAuthenticity(appOrder, datasetOrder, workerpoolOrder, requestOrder);

        uint256 volume = appOrder.volume - m_consumed[ids.appHash];
        if (ids.hasDataset) {
            volume = Math.min(volume, datasetOrder.volume - m_consumed[ids.datasetHash]);
        }
        volume = Math.min(volume, workerpoolOrder.volume - m_consumed[ids.workerpoolHash]);
        volume = Math.min(volume, requestOrder.volume - m_consumed[ids.requestHash]);
        if (volume == 0) revert VolumeExhausted();

        uint256 consumedBefore = m_consumed[ids.requestHash];
        dealid = keccak256(abi.encodePacked(ids.requestHash, consumedBefore));
        XwLibCore.Deal storage deal = m_deals[dealid];
        deal.app = XwLibCore.Resource(appOrder.app, ids.appOwner, appOrder.appprice);
        if (ids.hasDataset) {
            deal.dataset = XwLibCore.Resource(datasetOrder.dataset, ids.datasetOwner, datasetOrder.datasetprice);
        }
        deal.workerpool =
            XwLibCore.Resource(workerpoolOrder.workerpool, ids.workerpoolOwner, workerpoolOrder.workerpoolprice);
        deal.trust = Math.max(requestOrder.trust, 1);
        deal.category = requestOrder.category;
        deal.tag = appOrder.tag | datasetOrder.tag | requestOrder.tag;
        deal.requester = requestOrder.requester;
        deal.beneficiary = requestOrder.beneficiary;
        deal.callback = requestOrder.callback;
        deal.params = requestOrder.params;
        deal.startTime = block.timestamp;
        deal.botFirst = consumedBefore;
        deal.botSize = volume;
        (, uint256 stakeRatio, uint256 schedulerRatio) = workerpoolregistry.policyOf(workerpoolOrder.workerpool);
        deal.workerStake = workerpoolOrder.workerpoolprice * stakeRatio / 100;
        deal.schedulerRewardRatio = schedulerRatio;

        m_consumed[ids.appHash] += volume;
        if (ids.hasDataset) {
            m_consumed[ids.datasetHash] += volume;
        }
        m_consumed[ids.workerpoolHash] += volume;
        m_consumed[ids.requestHash] += volume;

        _lock(deal.requester, (deal.app.price + deal.dataset.price + deal.workerpool.price) * volume);
        _lock(ids.workerpoolOwner, deal.workerpool.price * WORKERPOOL_STAKE_RATIO / 100 * volume);

        emit SchedulerNotice(workerpoolOrder.workerpool, dealid);
        emit OrdersMatched(dealid, ids.appHash, ids.datasetHash, ids.workerpoolHash, ids.requestHash, volume);
    }

    function _checkCompatible(
        XwLibOrders.AppOrder calldata appOrder,
        XwLibOrders.DatasetOrder calldata datasetOrder,
        XwLibOrders.WorkerpoolOrder calldata workerpoolOrder,
        XwLibOrders.RequestOrder calldata requestOrder
    ) private view {
        bytes32 tag = appOrder.tag | datasetOrder.tag | requestOrder.tag;
        if (requestOrder.category != workerpoolOrder.category) {
            revert CategoryMismatch(requestOrder.category, workerpoolOrder.category);
        }
        if (requestOrder.category >= m_categories.length) revert UnknownCategory(requestOrder.category);
        if (requestOrder.trust > workerpoolOrder.trust) {
            revert TrustAboveWorkerpoolTrust(requestOrder.trust, workerpoolOrder.trust);
        }
        if (requestOrder.appmaxprice < appOrder.appprice) {
            revert AppMaxPriceBelowPrice(requestOrder.appmaxprice, appOrder.appprice);
        }
        if (requestOrder.datasetmaxprice < datasetOrder.datasetprice) {
            revert DatasetMaxPriceBelowPrice(requestOrder.datasetmaxprice, datasetOrder.datasetprice);
        }
        if (requestOrder.workerpoolmaxprice < workerpoolOrder.workerpoolprice) {
            revert WorkerpoolMaxPriceBelowPrice(requestOrder.workerpoolmaxprice, workerpoolOrder.workerpoolprice);
        }
        if (tag & ~workerpoolOrder.tag != 0) revert TagNotOffered(tag, workerpoolOrder.tag);
        if (uint256(tag ^ appOrder.tag) & 1 != 0) revert TeeNotDeclaredByApp();
    }

    function _checkRestrictions(
        XwLibOrders.AppOrder calldata appOrder,
        XwLibOrders.DatasetOrder calldata datasetOrder,
        XwLibOrders.WorkerpoolOrder calldata workerpoolOrder,
        XwLibOrders.RequestOrder calldata requestOrder
    ) private pure {
        if (requestOrder.app != appOrder.app) revert AppMismatch(requestOrder.app, appOrder.app);
        if (requestOrder.dataset != datasetOrder.dataset) {
            revert DatasetMismatch(requestOrder.dataset, datasetOrder.dataset);
        }
        if (!_allows(requestOrder.workerpool, workerpoolOrder.workerpool)) revert RequestRestrictedToAnotherWorkerpool();
        if (!_allows(appOrder.datasetrestrict, datasetOrder.dataset)) revert AppOrderRestrictedToAnotherDataset();
        if (!_allows(appOrder.workerpoolrestrict, workerpoolOrder.workerpool)) {
            revert AppOrderRestrictedToAnotherWorkerpool();
        }
        if (!_allows(appOrder.requesterrestrict, requestOrder.requester)) revert AppOrderRestrictedToAnotherRequester();
        if (!_allows(datasetOrder.apprestrict, appOrder.app)) revert DatasetOrderRestrictedToAnotherApp();
        if (!_allows(datasetOrder.workerpoolrestrict, workerpoolOrder.workerpool)) {
            revert DatasetOrderRestrictedToAnotherWorkerpool();
        }
        if (!_allows(datasetOrder.requesterrestrict, requestOrder.requester)) {
            revert DatasetOrderRestrictedToAnotherRequester();
        }
        if (!_allows(workerpoolOrder.apprestrict, appOrder.app)) revert WorkerpoolOrderRestrictedToAnotherApp();
        if (!_allows(workerpoolOrder.datasetrestrict, datasetOrder.dataset)) {
            revert WorkerpoolOrderRestrictedToAnotherDataset();
        }
        if (!_allows(workerpoolOrder.requesterrestrict, requestOrder.requester)) {
            revert WorkerpoolOrderRestrictedToAnotherRequester();
        }
    }

    function _checkAuthenticity(
        XwLibOrders.AppOrder calldata appOrder,
        XwLibOrders.DatasetOrder calldata datasetOrder,
        XwLibOrders.WorkerpoolOrder calldata workerpoolOrder,
        XwLibOrders.RequestOrder calldata requestOrder
    ) private view returns (Matching memory ids) {
        ids.appHash = _hashTypedDataV4(appOrder.hash());
        ids.appOwner = appregistry.ownerOf(appOrder.app);
        if (ids.appOwner == address(0)) revert NotRegistered(appOrder.app);
        if (!_checkPresignatureOrSignature(ids.appOwner, ids.appHash, appOrder.sign)) {
            revert InvalidAppOrderSignature();
        }

        ids.hasDataset = datasetOrder.dataset != address(0);
        if (ids.hasDataset) {
            ids.datasetHash = _hashTypedDataV4(datasetOrder.hash());
            ids.datasetOwner = datasetregistry.ownerOf(datasetOrder.dataset);
            if (ids.datasetOwner == address(0)) revert NotRegistered(datasetOrder.dataset);
            if (!_checkPresignatureOrSignature(ids.datasetOwner, ids.datasetHash, datasetOrder.sign)) {
                revert InvalidDatasetOrderSignature();
            }
        }

        ids.workerpoolHash = _hashTypedDataV4(workerpoolOrder.hash());
        ids.workerpoolOwner = workerpoolregistry.ownerOf(workerpoolOrder.workerpool);
        if (ids.workerpoolOwner == address(0)) revert NotRegistered(workerpoolOrder.workerpool);
        if (!_checkPresignatureOrSignature(ids.workerpoolOwner, ids.workerpoolHash, workerpoolOrder.sign)) {
            revert InvalidWorkerpoolOrderSignature();
        }

        ids.requestHash = _hashTypedDataV4(requestOrder.hash());
        if (!_checkPresignatureOrSignature(requestOrder.requester, ids.requestHash, requestOrder.sign)) {
            revert InvalidRequestOrderSignature();
        }
    }

    /// A restriction allows a candidate when it is unset or names that very candidate.
    function _allows(address restriction, address candidate) private pure returns (bool) {
        return restriction == address(0) || restriction == candidate;
    }

    /*──────────────────────────── tasks ────────────────────────────*/

    /// Starts task `idx` of a deal (anyone may; the scheduler does): its deadlines follow the
    /// deal's start and its category's period T (contribution at 7T, final at 10T).
    function initialize(bytes32 dealid, uint256 idx) public returns (bytes32 taskid) {
        XwLibCore.Deal storage deal = m_deals[dealid];
        if (idx < deal.botFirst || idx >= deal.botFirst + deal.botSize) revert TaskNotInDeal(dealid, idx);
        taskid = keccak256(abi.encodePacked(dealid, idx));
        XwLibCore.Task storage task = m_tasks[taskid];
        if (task.status != XwLibCore.TaskStatusEnum.UNSET) revert TaskAlreadyInitialized(taskid);

        task.status = XwLibCore.TaskStatusEnum.ACTIVE;
        task.dealid = dealid;
        task.idx = idx;
        task.timeref = m_categories[deal.category].workClockTimeRef;
        task.contributionDeadline = deal.startTime + task.timeref * CONTRIBUTION_DEADLINE_RATIO;
        task.finalDeadline = deal.startTime + task.timeref * FINAL_DEADLINE_RATIO;
        m_consensus[taskid].total = 1;

        emit TaskInitialize(taskid, deal.workerpool.pointer);
    }

    function initializeArray(bytes32[] calldata dealids, uint256[] calldata idxs) external returns (bool) {
        if (dealids.length != idxs.length) revert LengthMismatch();
        for (uint256 i = 0; i < dealids.length; ++i) {
            initialize(dealids[i], idxs[i]);
        }
        return true;
    }

    /// Commits the sender's result (resultHash = keccak256(taskid ‖ digest), resultSeal =
    /// keccak256(worker ‖ taskid ‖ digest)), authorized by the scheduler's signature of
    /// keccak256(worker ‖ taskid ‖ enclaveChallenge) (eth_sign), staking from the sender's account.
    function contribute(
        bytes32 taskid,
        bytes32 resultHash,
        bytes32 resultSeal,
        address enclaveChallenge,
        bytes calldata enclaveSign,
        bytes calldata authorizationSign
    ) external {
        _checkContribution(msg.sender, taskid, resultHash, resultSeal, enclaveChallenge, enclaveSign, authorizationSign);
        _contribute(msg.sender, taskid, resultHash, resultSeal, enclaveChallenge);
    }

    /// contribute, relayed: `worker` signed the contribution (EIP-712 type Contribution(bytes32
    /// taskid,bytes32 resultHash,bytes32 resultSeal,address enclaveChallenge)) and anyone sends
    /// it. The stake comes from the worker's account, which needs no ether.
    function contributeFor(
        address worker,
        bytes32 taskid,
        bytes32 resultHash,
        bytes32 resultSeal,
        address enclaveChallenge,
        bytes calldata enclaveSign,
        bytes calldata authorizationSign,
        bytes calldata workerSign
    ) external {
        bytes32 digest =
            _hashTypedDataV4(XwLibOrders.hashContribution(taskid, resultHash, resultSeal, enclaveChallenge));
        if (!_checkSignature(worker, digest, workerSign)) revert InvalidWorkerSignature(worker);
        _checkContribution(worker, taskid, resultHash, resultSeal, enclaveChallenge, enclaveSign, authorizationSign);
        _contribute(worker, taskid, resultHash, resultSeal, enclaveChallenge);
    }

    function _checkContribution(
        address worker,
        bytes32 taskid,
        bytes32 resultHash,
        bytes32 resultSeal,
        address enclaveChallenge,
        bytes calldata enclaveSign,
        bytes calldata authorizationSign
    ) private view {
        XwLibCore.Task storage task = m_tasks[taskid];
        if (task.status != XwLibCore.TaskStatusEnum.ACTIVE) revert TaskNotActive(taskid);
        if (task.contributionDeadline <= block.timestamp) {
            revert ContributionDeadlinePassed(taskid, task.contributionDeadline);
        }
        if (m_contributions[taskid][worker].status != XwLibCore.ContributionStatusEnum.UNSET) {
            revert AlreadyContributed(taskid, worker);
        }
        if (resultHash == bytes32(0)) revert EmptyResultHash();
        XwLibCore.Deal storage deal = m_deals[task.dealid];
        if (enclaveChallenge == address(0) && uint256(deal.tag) & 1 != 0) revert EnclaveRequired();
        bytes32 authorization =
            MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encodePacked(worker, taskid, enclaveChallenge)));
        if (!_checkSignature(deal.workerpool.owner, authorization, authorizationSign)) {
            revert UnauthorizedContribution(taskid, worker);
        }
        if (
            enclaveChallenge != address(0)
                && !_checkSignature(
                    enclaveChallenge,
                    MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encodePacked(resultHash, resultSeal))),
                    enclaveSign
                )
        ) {
            revert InvalidEnclaveSignature();
        }
    }

    function _contribute(
        address worker,
        bytes32 taskid,
        bytes32 resultHash,
        bytes32 resultSeal,
        address enclaveChallenge
    ) private {
        XwLibCore.Task storage task = m_tasks[taskid];
        _lock(worker, m_deals[task.dealid].workerStake);

        XwLibCore.Contribution storage contribution = m_contributions[taskid][worker];
        contribution.status = XwLibCore.ContributionStatusEnum.CONTRIBUTED;
        contribution.resultHash = resultHash;
        contribution.resultSeal = resultSeal;
        contribution.enclaveChallenge = enclaveChallenge;
        task.contributors.push(worker);
        emit TaskContribute(taskid, worker, resultHash);

        // weight = max(score / 3, 3) - 1; the group becomes the product of its workers' weights
        XwLibCore.Consensus storage consensus = m_consensus[taskid];
        uint256 weight = Math.max(m_workerScores[worker] / 3, 3) - 1;
        uint256 group = consensus.group[resultHash];
        uint256 delta = Math.max(group, 1) * weight - group;
        contribution.weight = Math.log2(weight);
        consensus.group[resultHash] = group + delta;
        consensus.total += delta;

        _checkConsensus(taskid, resultHash);
    }

    /// Consensus on `value` when group · trust > total · (trust − 1): its credibility exceeds 1 − 1/trust.
    function _checkConsensus(bytes32 taskid, bytes32 value) private {
        XwLibCore.Task storage task = m_tasks[taskid];
        XwLibCore.Consensus storage consensus = m_consensus[taskid];
        uint256 trust = m_deals[task.dealid].trust;
        if (consensus.group[value] * trust > consensus.total * (trust - 1)) {
            uint256 winners = 0;
            for (uint256 i = 0; i < task.contributors.length; ++i) {
                XwLibCore.Contribution storage c = m_contributions[taskid][task.contributors[i]];
                if (c.resultHash == value && c.status == XwLibCore.ContributionStatusEnum.CONTRIBUTED) {
                    winners += 1;
                }
            }
            task.status = XwLibCore.TaskStatusEnum.REVEALING;
            task.consensusValue = value;
            task.revealDeadline = block.timestamp + task.timeref * REVEAL_DEADLINE_RATIO;
            task.revealCounter = 0;
            task.winnerCounter = winners;
            emit TaskConsensus(taskid, value);
        }
    }

    /// Reveals the sender's result digest; it must reproduce the committed hash and seal.
    function reveal(bytes32 taskid, bytes32 resultDigest) external {
        _reveal(msg.sender, taskid, resultDigest);
    }

    /// reveal, relayed: `worker` signed it (EIP-712 type Reveal(bytes32 taskid,bytes32 resultDigest)).
    function revealFor(address worker, bytes32 taskid, bytes32 resultDigest, bytes calldata workerSign) external {
        if (!_checkSignature(worker, _hashTypedDataV4(XwLibOrders.hashReveal(taskid, resultDigest)), workerSign)) {
            revert InvalidWorkerSignature(worker);
        }
        _reveal(worker, taskid, resultDigest);
    }

    function _reveal(address worker, bytes32 taskid, bytes32 resultDigest) private {
        XwLibCore.Task storage task = m_tasks[taskid];
        XwLibCore.Contribution storage contribution = m_contributions[taskid][worker];
        if (task.status != XwLibCore.TaskStatusEnum.REVEALING) revert TaskNotRevealing(taskid);
        if (task.revealDeadline <= block.timestamp) revert RevealDeadlinePassed(taskid, task.revealDeadline);
        if (contribution.status != XwLibCore.ContributionStatusEnum.CONTRIBUTED) revert NothingToReveal(taskid, worker);
        if (contribution.resultHash != task.consensusValue) revert NotInConsensus(taskid, worker);
        if (contribution.resultHash != keccak256(abi.encodePacked(taskid, resultDigest))) {
            revert RevealHashMismatch(taskid, worker);
        }
        if (contribution.resultSeal != keccak256(abi.encodePacked(worker, taskid, resultDigest))) {
            revert RevealSealMismatch(taskid, worker);
        }
        contribution.status = XwLibCore.ContributionStatusEnum.PROVED;
        task.revealCounter += 1;
        task.resultDigest = resultDigest;
        emit TaskReveal(taskid, worker, resultDigest);
    }

    /// Nobody of the consensus group revealed in time: their contributions are rejected, their
    /// weight leaves the total, and the task takes contributions again (scheduler only).
    function reopen(bytes32 taskid) external onlyScheduler(taskid) {
        XwLibCore.Task storage task = m_tasks[taskid];
        if (task.status != XwLibCore.TaskStatusEnum.REVEALING) revert TaskNotRevealing(taskid);
        if (task.finalDeadline <= block.timestamp) revert FinalDeadlinePassed(taskid, task.finalDeadline);
        if (task.revealDeadline > block.timestamp) revert RevealDeadlineNotPassed(taskid, task.revealDeadline);
        if (task.revealCounter != 0) revert AlreadyRevealed(taskid);
        bytes32 value = task.consensusValue;
        for (uint256 i = 0; i < task.contributors.length; ++i) {
            XwLibCore.Contribution storage c = m_contributions[taskid][task.contributors[i]];
            if (c.resultHash == value) {
                c.status = XwLibCore.ContributionStatusEnum.REJECTED;
            }
        }
        XwLibCore.Consensus storage consensus = m_consensus[taskid];
        consensus.total -= consensus.group[value];
        consensus.group[value] = 0;
        task.status = XwLibCore.TaskStatusEnum.ACTIVE;
        task.consensusValue = 0x0;
        task.revealDeadline = 0;
        task.winnerCounter = 0;
        emit TaskReopen(taskid);
    }

    /// Completes a task with its results (e.g. the result's location and digest), once every
    /// winner revealed or the reveal deadline passed with some reveals (scheduler only). With a
    /// callback, keccak256(resultsCallback) must be the revealed digest and the callback gets it.
    function finalize(bytes32 taskid, bytes calldata results, bytes calldata resultsCallback)
        external
        onlyScheduler(taskid)
    {
        XwLibCore.Task storage task = m_tasks[taskid];
        XwLibCore.Deal storage deal = m_deals[task.dealid];
        if (task.status != XwLibCore.TaskStatusEnum.REVEALING) revert TaskNotRevealing(taskid);
        if (task.finalDeadline <= block.timestamp) revert FinalDeadlinePassed(taskid, task.finalDeadline);
        if (
            task.revealCounter != task.winnerCounter
                && (task.revealCounter == 0 || task.revealDeadline > block.timestamp)
        ) {
            revert RevealsPending(taskid, task.revealCounter, task.winnerCounter);
        }
        if (
            (deal.callback != address(0) || resultsCallback.length != 0)
                && keccak256(resultsCallback) != task.resultDigest
        ) {
            revert CallbackDataMismatch(taskid);
        }
        task.status = XwLibCore.TaskStatusEnum.COMPLETED;
        task.results = results;
        task.resultsCallback = resultsCallback;
        task.resultsTimestamp = block.timestamp;

        _successWork(task.dealid, taskid);
        _distributeRewards(taskid);
        emit TaskFinalize(taskid, results);
        _executeCallback(deal.callback, taskid, resultsCallback);
    }

    /// Fails a task past its final deadline (anyone may): the requester gets its price back,
    /// every contribution's stake is unlocked, and the pool's stake goes to the kitty.
    function claim(bytes32 taskid) public {
        XwLibCore.Task storage task = m_tasks[taskid];
        if (task.status != XwLibCore.TaskStatusEnum.ACTIVE && task.status != XwLibCore.TaskStatusEnum.REVEALING) {
            revert TaskNotClaimable(taskid, task.status);
        }
        if (task.finalDeadline > block.timestamp) revert FinalDeadlineNotPassed(taskid, task.finalDeadline);
        task.status = XwLibCore.TaskStatusEnum.FAILED;

        XwLibCore.Deal storage deal = m_deals[task.dealid];
        uint256 poolStake = deal.workerpool.price * WORKERPOOL_STAKE_RATIO / 100;
        _unlock(deal.requester, deal.app.price + deal.dataset.price + deal.workerpool.price);
        _seize(deal.workerpool.owner, poolStake, taskid);
        _reward(KITTY_ADDRESS, poolStake, taskid);
        if (poolStake > 0) {
            _lock(KITTY_ADDRESS, poolStake);
        }
        uint256 stake = deal.workerStake;
        for (uint256 i = 0; i < task.contributors.length; ++i) {
            _unlock(task.contributors[i], stake);
        }
        emit TaskClaimed(taskid);
    }

    function claimArray(bytes32[] calldata taskids) external returns (bool) {
        for (uint256 i = 0; i < taskids.length; ++i) {
            claim(taskids[i]);
        }
        return true;
    }

    function initializeAndClaimArray(bytes32[] calldata dealids, uint256[] calldata idxs) external returns (bool) {
        if (dealids.length != idxs.length) revert LengthMismatch();
        for (uint256 i = 0; i < dealids.length; ++i) {
            claim(initialize(dealids[i], idxs[i]));
        }
        return true;
    }

    /// The requester pays: app and dataset owners get their prices, the pool's stake is
    /// unlocked, and the scheduler takes a part of the kitty.
    function _successWork(bytes32 dealid, bytes32 taskid) private {
        XwLibCore.Deal storage deal = m_deals[dealid];
        _seize(deal.requester, deal.app.price + deal.dataset.price + deal.workerpool.price, taskid);
        _reward(deal.app.owner, deal.app.price, taskid);
        if (deal.dataset.pointer != address(0)) {
            _reward(deal.dataset.owner, deal.dataset.price, taskid);
        }
        _unlock(deal.workerpool.owner, deal.workerpool.price * WORKERPOOL_STAKE_RATIO / 100);
        uint256 kitty = m_frozens[KITTY_ADDRESS];
        if (kitty > 0) {
            kitty = Math.min(Math.max(kitty * KITTY_RATIO / 100, KITTY_MIN), kitty);
            _seize(KITTY_ADDRESS, kitty, taskid);
            _reward(deal.workerpool.owner, kitty, taskid);
        }
    }

    /// The workerpool price and the losers' stakes make the reward; the workers' part,
    /// (100 − scheduler ratio) %, goes to the winners in proportion to floor(log2(weight)), the
    /// rest (and the rounding) to the scheduler. Winners' scores grow by 1 if the task was
    /// replicated; losers' scores become 2/3 and their stakes are seized.
    function _distributeRewards(bytes32 taskid) private {
        XwLibCore.Task storage task = m_tasks[taskid];
        XwLibCore.Deal storage deal = m_deals[task.dealid];
        address[] storage contributors = task.contributors;
        uint256 stake = deal.workerStake;
        uint256 totalLogWeight = 0;
        uint256 totalReward = deal.workerpool.price;
        for (uint256 i = 0; i < contributors.length; ++i) {
            XwLibCore.Contribution storage c = m_contributions[taskid][contributors[i]];
            if (c.status == XwLibCore.ContributionStatusEnum.PROVED) {
                totalLogWeight += c.weight;
            } else {
                totalReward += stake;
            }
        }
        uint256 workersReward = totalReward * (100 - deal.schedulerRewardRatio) / 100;
        bool replicated = contributors.length > 1;
        for (uint256 i = 0; i < contributors.length; ++i) {
            address worker = contributors[i];
            XwLibCore.Contribution storage c = m_contributions[taskid][worker];
            if (c.status == XwLibCore.ContributionStatusEnum.PROVED) {
                uint256 share = workersReward * c.weight / totalLogWeight;
                totalReward -= share;
                _unlock(worker, stake);
                _reward(worker, share, taskid);
                if (replicated) {
                    m_workerScores[worker] += 1;
                    emit AccurateContribution(worker, taskid);
                }
            } else {
                _seize(worker, stake, taskid);
                m_workerScores[worker] = m_workerScores[worker] * 2 / 3;
                emit FaultyContribution(worker, taskid);
            }
        }
        _reward(deal.workerpool.owner, totalReward, taskid);
    }

    /// Calls receiveResult(taskid, resultsCallback) on the deal's callback with bounded gas; its
    /// failure does not undo the finalization.
    function _executeCallback(address target, bytes32 taskid, bytes calldata resultsCallback) private {
        if (target != address(0)) {
            (bool success,) = target.call{gas: CALLBACK_GAS}(
                abi.encodeWithSignature("receiveResult(bytes32,bytes)", taskid, resultsCallback)
            );
            success;
            if (gasleft() <= CALLBACK_GAS / 63) revert CallbackGasTooLow();
        }
    }

    /*──────────────────────────── views ────────────────────────────*/

    function viewDeal(bytes32 dealid) external view returns (XwLibCore.Deal memory) {
        return m_deals[dealid];
    }

    function viewTask(bytes32 taskid) external view returns (XwLibCore.Task memory) {
        return m_tasks[taskid];
    }

    function viewContribution(bytes32 taskid, address worker) external view returns (XwLibCore.Contribution memory) {
        return m_contributions[taskid][worker];
    }

    /// A task's consensus: the group weight of `resultHash` and the total.
    function viewConsensus(bytes32 taskid, bytes32 resultHash) external view returns (uint256 group, uint256 total) {
        XwLibCore.Consensus storage consensus = m_consensus[taskid];
        return (consensus.group[resultHash], consensus.total);
    }

    function viewScore(address worker) external view returns (uint256) {
        return m_workerScores[worker];
    }

    /// ERC-1154 style: a completed task's results.
    function resultFor(bytes32 taskid) external view returns (bytes memory) {
        XwLibCore.Task storage task = m_tasks[taskid];
        if (task.status != XwLibCore.TaskStatusEnum.COMPLETED) revert TaskNotCompleted(taskid);
        return task.results;
    }

    /*──────────────────────────── signatures ────────────────────────────*/

    function _checkSignature(address identity, bytes32 digest, bytes calldata signature) private pure returns (bool) {
        (address signer, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
        return error == ECDSA.RecoverError.NoError && signer == identity && identity != address(0);
    }

    function _checkPresignatureOrSignature(address identity, bytes32 digest, bytes calldata signature)
        private
        view
        returns (bool)
    {
        return (identity != address(0) && m_presigned[digest] == identity) || _checkSignature(identity, digest, signature);
    }
}
