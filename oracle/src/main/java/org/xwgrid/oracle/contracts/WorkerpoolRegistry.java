package org.xwgrid.oracle.contracts;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * <p>Auto generated code.
 * <p><strong>Do not modify!</strong>
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the 
 * <a href="https://github.com/hyperledger-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 4.13.0.
 */
@SuppressWarnings("rawtypes")
public class WorkerpoolRegistry extends Contract {
    public static final String BINARY = "60808060405234601557610cf6908161001a8239f35b5f80fdfe60806040526004361015610011575f80fd5b5f3560e01c8063064a6c2a14610b0f57806306661abd14610af257806314afd79e14610ab35780636d4354211461091757806372634e091461072757806378c990571461070c578063bd8ab058146104f3578063c3c5a547146104ac578063e40238f414610113578063f514d6e5146100b15763ff5fde0b14610092575f80fd5b346100ad575f3660031901126100ad576020604051601e8152f35b5f80fd5b346100ad5760203660031901126100ad5760606001600160a01b036100d4610b4d565b16805f52600260205260405f20905f525f60205260018060a01b0360405f20541690600360028201549101549060405192835260208301526040820152f35b346100ad5761012136610b63565b9161012d368484610c05565b80516020909101206001600160a01b0382169190821561045b576001600160a01b039161015a9190610c83565b1691825f525f60205260018060a01b0360405f20541661040357825f525f60205260405f20826bffffffffffffffffffffffff60a01b825416179055600154600181018091116103ef57600155604051825f857fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec8280a46101da81610bc7565b8281526101e8368684610c05565b6020828101918252601e60408085019182526001606086018181525f8a8152600290955291909320945185546001600160a01b0319166001600160a01b03919091161785559251805191928501919067ffffffffffffffff82116103db576102508354610c4b565b601f8111610396575b5091602099959391899795938b90601f83116001146102fe5792827f8dd9795711700fc25ffe96cd1ba99532b09e9ac78ff9c410b5051e9c1b1611039998969360409896936003965f926102f3575b50508160011b915f1990871b1c19161790555b516002840155519101558282519384928a8452818b850152848401375f828201840152601f01601f19168101030190a3604051908152f35b015190508f806102a8565b601f9998979695949392919919821690835f528a5f20915f5b81811061037c575092604098979694927f8dd9795711700fc25ffe96cd1ba99532b09e9ac78ff9c410b5051e9c1b1611039b9c600193836003999710610365575b505050811b0190556102bb565b01515f1983891b60f8161c191690558f8080610358565b828d015184559b8f019b8e9b506001909301928f01610317565b835f5260205f20601f840160051c810191602085106103d1575b601f0160051c01905b8181106103c65750610259565b5f81556001016103b9565b90915081906103b0565b634e487b7160e01b5f52604160045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b60405162461bcd60e51b815260206004820152602a60248201527f52656769737472793a20616c72656164792072656769737465726564206279206044820152693a3434b99037bbb732b960b11b6064820152608490fd5b60405162461bcd60e51b815260206004820152602360248201527f52656769737472793a206f776e657220697320746865207a65726f206164647260448201526265737360e81b6064820152608490fd5b346100ad5760203660031901126100ad5760206104e96104ca610b4d565b6001600160a01b039081165f9081526020819052604090205416151590565b6040519015158152f35b346100ad5760203660031901126100ad5761050c610b4d565b5f606060405161051b81610bc7565b82815281602082015282604082015201526105508160018060a01b03165f525f60205260018060a01b0360405f205416151590565b156106b8576001600160a01b03165f81815260026020526040908190209051909161057a82610bc7565b82546001600160a01b0316825260405160018401805491949185915f91906105a182610c4b565b80855291600181169081156106905750600114610650575b8360c088602089896105cd868a0387610be3565b828401958652600360028201549160408601928352015491606085019283525f525f835260018060a01b0360405f205416845260405195869484865260018060a01b0390511684860152516080604086015280519384918260a0880152018686015e5f848401860152516060840152516080830152601f01601f19168101030190f35b5f908152602081209092505b81831061067457505081016020016105cd60c06105b9565b6020919350806001915483858b0101520191019091869261065c565b60ff191660208681019190915292151560051b850190920192506105cd915060c090506105b9565b60405162461bcd60e51b815260206004820152602660248201527f576f726b6572706f6f6c52656769737472793a20756e6b6e6f776e20776f726b604482015265195c9c1bdbdb60d21b6064820152608490fd5b346100ad575f3660031901126100ad57602060405160018152f35b346100ad5760603660031901126100ad57610740610b4d565b6001600160a01b039081165f8181526020819052604090205460443592602435911633036108a1576064811161083d57606483116107d257815f52600260205260405f209160028301907f2e03ee1df047e211b0cdc20e711713eb8d88d24cdcfc3bb79769d367f4f627dd60806003845496019586546040519182528660208301526040820152876060820152a25555005b60405162461bcd60e51b815260206004820152603a60248201527f576f726b6572706f6f6c52656769737472793a207363686564756c657220726560448201527f7761726420726174696f20697320612070657263656e746167650000000000006064820152608490fd5b60405162461bcd60e51b815260206004820152603660248201527f576f726b6572706f6f6c52656769737472793a20776f726b6572207374616b6560448201527520726174696f20697320612070657263656e7461676560501b6064820152608490fd5b60405162461bcd60e51b815260206004820152604260248201527f576f726b6572706f6f6c52656769737472793a206f6e6c792074686520776f7260448201527f6b6572706f6f6c2773206f776e6572206368616e6765732069747320706f6c69606482015261637960f01b608482015260a490fd5b346100ad5760403660031901126100ad57610930610b4d565b6024356001600160a01b03811691908290036100ad576001600160a01b039081165f81815260208190526040902054909116908115610a6e57338203610a135782156109be57805f525f60205260405f20836bffffffffffffffffffffffff60a01b8254161790557fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec5f80a4005b60405162461bcd60e51b815260206004820152602760248201527f52656769737472793a206e6577206f776e657220697320746865207a65726f206044820152666164647265737360c81b6064820152608490fd5b60405162461bcd60e51b815260206004820152602d60248201527f52656769737472793a206f6e6c792074686520656e7472792773206f776e657260448201526c081d1c985b9cd9995c9cc81a5d609a1b6064820152608490fd5b60405162461bcd60e51b815260206004820152601760248201527f52656769737472793a20756e6b6e6f776e20656e7472790000000000000000006044820152606490fd5b346100ad5760203660031901126100ad576001600160a01b03610ad4610b4d565b165f525f602052602060018060a01b0360405f205416604051908152f35b346100ad575f3660031901126100ad576020600154604051908152f35b346100ad576020610b3b610b2f610b2536610b63565b9291923691610c05565b83815191012090610c83565b6040516001600160a01b039091168152f35b600435906001600160a01b03821682036100ad57565b60406003198201126100ad576004356001600160a01b03811681036100ad579160243567ffffffffffffffff81116100ad57826023820112156100ad5780600401359267ffffffffffffffff84116100ad57602484830101116100ad576024019190565b6080810190811067ffffffffffffffff8211176103db57604052565b90601f8019910116810190811067ffffffffffffffff8211176103db57604052565b92919267ffffffffffffffff82116103db5760405191610c2f601f8201601f191660200184610be3565b8294818452818301116100ad578281602093845f960137010152565b90600182811c92168015610c79575b6020831014610c6557565b634e487b7160e01b5f52602260045260245ffd5b91607f1691610c5a565b60405191602083019130835260018060a01b03166040840152606083015260608252610cb0608083610be3565b905190206001600160a01b03169056fea26469706673582212200996fbf67556cee5e12c26aefa43b8db8ac061f23888ad05fab7f3d9d714100864736f6c634300081c0033";

    private static String librariesLinkedBinary;

    public static final String FUNC_DEFAULT_SCHEDULER_REWARD_RATIO = "DEFAULT_SCHEDULER_REWARD_RATIO";

    public static final String FUNC_DEFAULT_WORKER_STAKE_RATIO = "DEFAULT_WORKER_STAKE_RATIO";

    public static final String FUNC_CHANGEPOLICY = "changePolicy";

    public static final String FUNC_COUNT = "count";

    public static final String FUNC_CREATEWORKERPOOL = "createWorkerpool";

    public static final String FUNC_ISREGISTERED = "isRegistered";

    public static final String FUNC_OWNEROF = "ownerOf";

    public static final String FUNC_POLICYOF = "policyOf";

    public static final String FUNC_PREDICTWORKERPOOL = "predictWorkerpool";

    public static final String FUNC_TRANSFEROWNERSHIP = "transferOwnership";

    public static final String FUNC_VIEWWORKERPOOL = "viewWorkerpool";

    public static final Event OWNERSHIPTRANSFERRED_EVENT = new Event("OwnershipTransferred", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}));
    ;

    public static final Event POLICYUPDATE_EVENT = new Event("PolicyUpdate", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event WORKERPOOLCREATED_EVENT = new Event("WorkerpoolCreated", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Utf8String>() {}));
    ;

    @Deprecated
    protected WorkerpoolRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected WorkerpoolRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected WorkerpoolRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected WorkerpoolRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<OwnershipTransferredEventResponse> getOwnershipTransferredEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(OWNERSHIPTRANSFERRED_EVENT, transactionReceipt);
        ArrayList<OwnershipTransferredEventResponse> responses = new ArrayList<OwnershipTransferredEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            OwnershipTransferredEventResponse typedResponse = new OwnershipTransferredEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.entry = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.previousOwner = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.newOwner = (String) eventValues.getIndexedValues().get(2).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static OwnershipTransferredEventResponse getOwnershipTransferredEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(OWNERSHIPTRANSFERRED_EVENT, log);
        OwnershipTransferredEventResponse typedResponse = new OwnershipTransferredEventResponse();
        typedResponse.log = log;
        typedResponse.entry = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.previousOwner = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.newOwner = (String) eventValues.getIndexedValues().get(2).getValue();
        return typedResponse;
    }

    public Flowable<OwnershipTransferredEventResponse> ownershipTransferredEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getOwnershipTransferredEventFromLog(log));
    }

    public Flowable<OwnershipTransferredEventResponse> ownershipTransferredEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(OWNERSHIPTRANSFERRED_EVENT));
        return ownershipTransferredEventFlowable(filter);
    }

    public static List<PolicyUpdateEventResponse> getPolicyUpdateEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(POLICYUPDATE_EVENT, transactionReceipt);
        ArrayList<PolicyUpdateEventResponse> responses = new ArrayList<PolicyUpdateEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            PolicyUpdateEventResponse typedResponse = new PolicyUpdateEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.workerpool = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.oldWorkerStakeRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.newWorkerStakeRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.oldSchedulerRewardRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.newSchedulerRewardRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static PolicyUpdateEventResponse getPolicyUpdateEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(POLICYUPDATE_EVENT, log);
        PolicyUpdateEventResponse typedResponse = new PolicyUpdateEventResponse();
        typedResponse.log = log;
        typedResponse.workerpool = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.oldWorkerStakeRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.newWorkerStakeRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.oldSchedulerRewardRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.newSchedulerRewardRatioPolicy = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
        return typedResponse;
    }

    public Flowable<PolicyUpdateEventResponse> policyUpdateEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getPolicyUpdateEventFromLog(log));
    }

    public Flowable<PolicyUpdateEventResponse> policyUpdateEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(POLICYUPDATE_EVENT));
        return policyUpdateEventFlowable(filter);
    }

    public static List<WorkerpoolCreatedEventResponse> getWorkerpoolCreatedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(WORKERPOOLCREATED_EVENT, transactionReceipt);
        ArrayList<WorkerpoolCreatedEventResponse> responses = new ArrayList<WorkerpoolCreatedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            WorkerpoolCreatedEventResponse typedResponse = new WorkerpoolCreatedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.workerpool = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.description = (String) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static WorkerpoolCreatedEventResponse getWorkerpoolCreatedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(WORKERPOOLCREATED_EVENT, log);
        WorkerpoolCreatedEventResponse typedResponse = new WorkerpoolCreatedEventResponse();
        typedResponse.log = log;
        typedResponse.workerpool = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.description = (String) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<WorkerpoolCreatedEventResponse> workerpoolCreatedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getWorkerpoolCreatedEventFromLog(log));
    }

    public Flowable<WorkerpoolCreatedEventResponse> workerpoolCreatedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(WORKERPOOLCREATED_EVENT));
        return workerpoolCreatedEventFlowable(filter);
    }

    public RemoteFunctionCall<BigInteger> DEFAULT_SCHEDULER_REWARD_RATIO() {
        final Function function = new Function(FUNC_DEFAULT_SCHEDULER_REWARD_RATIO, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> DEFAULT_WORKER_STAKE_RATIO() {
        final Function function = new Function(FUNC_DEFAULT_WORKER_STAKE_RATIO, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> changePolicy(String workerpool,
            BigInteger newWorkerStakeRatioPolicy, BigInteger newSchedulerRewardRatioPolicy) {
        final Function function = new Function(
                FUNC_CHANGEPOLICY, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, workerpool), 
                new org.web3j.abi.datatypes.generated.Uint256(newWorkerStakeRatioPolicy), 
                new org.web3j.abi.datatypes.generated.Uint256(newSchedulerRewardRatioPolicy)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<BigInteger> count() {
        final Function function = new Function(FUNC_COUNT, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> createWorkerpool(String workerpoolOwner,
            String workerpoolDescription) {
        final Function function = new Function(
                FUNC_CREATEWORKERPOOL, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, workerpoolOwner), 
                new org.web3j.abi.datatypes.Utf8String(workerpoolDescription)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Boolean> isRegistered(String entry) {
        final Function function = new Function(FUNC_ISREGISTERED, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, entry)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<String> ownerOf(String entry) {
        final Function function = new Function(FUNC_OWNEROF, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, entry)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<Tuple3<String, BigInteger, BigInteger>> policyOf(String workerpool) {
        final Function function = new Function(FUNC_POLICYOF, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, workerpool)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
        return new RemoteFunctionCall<Tuple3<String, BigInteger, BigInteger>>(function,
                new Callable<Tuple3<String, BigInteger, BigInteger>>() {
                    @Override
                    public Tuple3<String, BigInteger, BigInteger> call() throws Exception {
                        List<Type> results = executeCallMultipleValueReturn(function);
                        return new Tuple3<String, BigInteger, BigInteger>(
                                (String) results.get(0).getValue(), 
                                (BigInteger) results.get(1).getValue(), 
                                (BigInteger) results.get(2).getValue());
                    }
                });
    }

    public RemoteFunctionCall<String> predictWorkerpool(String workerpoolOwner,
            String workerpoolDescription) {
        final Function function = new Function(FUNC_PREDICTWORKERPOOL, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, workerpoolOwner), 
                new org.web3j.abi.datatypes.Utf8String(workerpoolDescription)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
        return executeRemoteCallSingleValueReturn(function, String.class);
    }

    public RemoteFunctionCall<TransactionReceipt> transferOwnership(String entry, String newOwner) {
        final Function function = new Function(
                FUNC_TRANSFEROWNERSHIP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, entry), 
                new org.web3j.abi.datatypes.Address(160, newOwner)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<Workerpool> viewWorkerpool(String workerpool) {
        final Function function = new Function(FUNC_VIEWWORKERPOOL, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, workerpool)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Workerpool>() {}));
        return executeRemoteCallSingleValueReturn(function, Workerpool.class);
    }

    @Deprecated
    public static WorkerpoolRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new WorkerpoolRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static WorkerpoolRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new WorkerpoolRegistry(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static WorkerpoolRegistry load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new WorkerpoolRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static WorkerpoolRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new WorkerpoolRegistry(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<WorkerpoolRegistry> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(WorkerpoolRegistry.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<WorkerpoolRegistry> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(WorkerpoolRegistry.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<WorkerpoolRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return deployRemoteCall(WorkerpoolRegistry.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<WorkerpoolRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(WorkerpoolRegistry.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }

    public static class Workerpool extends DynamicStruct {
        public String owner;

        public String description;

        public BigInteger workerStakeRatioPolicy;

        public BigInteger schedulerRewardRatioPolicy;

        public Workerpool(String owner, String description, BigInteger workerStakeRatioPolicy,
                BigInteger schedulerRewardRatioPolicy) {
            super(new org.web3j.abi.datatypes.Address(160, owner), 
                    new org.web3j.abi.datatypes.Utf8String(description), 
                    new org.web3j.abi.datatypes.generated.Uint256(workerStakeRatioPolicy), 
                    new org.web3j.abi.datatypes.generated.Uint256(schedulerRewardRatioPolicy));
            this.owner = owner;
            this.description = description;
            this.workerStakeRatioPolicy = workerStakeRatioPolicy;
            this.schedulerRewardRatioPolicy = schedulerRewardRatioPolicy;
        }

        public Workerpool(Address owner, Utf8String description, Uint256 workerStakeRatioPolicy,
                Uint256 schedulerRewardRatioPolicy) {
            super(owner, description, workerStakeRatioPolicy, schedulerRewardRatioPolicy);
            this.owner = owner.getValue();
            this.description = description.getValue();
            this.workerStakeRatioPolicy = workerStakeRatioPolicy.getValue();
            this.schedulerRewardRatioPolicy = schedulerRewardRatioPolicy.getValue();
        }
    }

    public static class OwnershipTransferredEventResponse extends BaseEventResponse {
        public String entry;

        public String previousOwner;

        public String newOwner;
    }

    public static class PolicyUpdateEventResponse extends BaseEventResponse {
        public String workerpool;

        public BigInteger oldWorkerStakeRatioPolicy;

        public BigInteger newWorkerStakeRatioPolicy;

        public BigInteger oldSchedulerRewardRatioPolicy;

        public BigInteger newSchedulerRewardRatioPolicy;
    }

    public static class WorkerpoolCreatedEventResponse extends BaseEventResponse {
        public String workerpool;

        public String owner;

        public String description;
    }
}
