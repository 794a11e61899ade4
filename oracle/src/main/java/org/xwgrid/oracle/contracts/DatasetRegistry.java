package org.xwgrid.oracle.contracts;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
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
public class DatasetRegistry extends Contract {
    public static final String BINARY = "60808060405234601557610c48908161001a8239f35b5f80fdfe6080806040526004361015610012575f80fd5b5f3560e01c90816306661abd1461098e5750806314afd79e1461094f5780631e143ef7146106b15780633354bcdb146102a95780636d4354211461010d578063c3c5a547146100c65763fe17fc7a14610069575f80fd5b346100c25760206100b06100a761009961008236610a10565b906040979496929597519586948b86019889610b11565b03601f198101835282610a97565b51902090610bd5565b6040516001600160a01b039091168152f35b5f80fd5b346100c25760203660031901126100c25760206101036100e46109a8565b6001600160a01b039081165f9081526020819052604090205416151590565b6040519015158152f35b346100c25760403660031901126100c2576101266109a8565b6024356001600160a01b03811691908290036100c2576001600160a01b039081165f81815260208190526040902054909116908115610264573382036102095782156101b457805f525f60205260405f20836bffffffffffffffffffffffff60a01b8254161790557fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec5f80a4005b60405162461bcd60e51b815260206004820152602760248201527f52656769737472793a206e6577206f776e657220697320746865207a65726f206044820152666164647265737360c81b6064820152608490fd5b60405162461bcd60e51b815260206004820152602d60248201527f52656769737472793a206f6e6c792074686520656e7472792773206f776e657260448201526c081d1c985b9cd9995c9cc81a5d609a1b6064820152608490fd5b60405162461bcd60e51b815260206004820152601760248201527f52656769737472793a20756e6b6e6f776e20656e7472790000000000000000006044820152606490fd5b346100c2576102b736610a10565b919094929360405160208101906102d681610099878b888c8989610b11565b5190206001600160a01b03851694908515610660576001600160a01b03916102fe9190610bd5565b1694855f525f60205260018060a01b0360405f20541661060857855f525f60205260405f20856bffffffffffffffffffffffff60a01b825416179055600154600181018091116105f45760015561039f60405193865f897fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec8280a461038285610a7b565b868552610390368486610b40565b9860208601998a523691610b40565b6040848101918252606085019586525f888152600260205220935184546001600160a01b0319166001600160a01b039190911617845596518051600185019167ffffffffffffffff821161057257610401826103fb8554610ab9565b85610b86565b602090601f83116001146105915761043092915f9183610586575b50508160011b915f199060031b1c19161790565b90555b6002830196519283519767ffffffffffffffff89116105725788889561045f60209b6103fb8554610ab9565b8a90601f83116001146104e557827f81c0f469da258c771b69eb66dffd4f46a64bc1cdee72f9bb7f4ed3578b0a17c0989993600395936104b3935f926104da5750508160011b915f199060031b1c19161790565b90555b519101556104cf60405192839289845289840191610af1565b0390a3604051908152f35b015190508e8061041c565b97929190601f19821698835f52815f20995f5b818110610558575099600192849260039796957f81c0f469da258c771b69eb66dffd4f46a64bc1cdee72f9bb7f4ed3578b0a17c09c9d10610541575b505050811b0190556104b6565b01515f1983881b60f8161c191690558d8080610534565b838301518c556001909b019a8d9a50928e01928e016104f8565b634e487b7160e01b5f52604160045260245ffd5b015190508b8061041c565b90601f19831691845f52815f20925f5b8181106105dc57509084600195949392106105c4575b505050811b019055610433565b01515f1960f88460031b161c191690558a80806105b7565b929360206001819287860151815501950193016105a1565b634e487b7160e01b5f52601160045260245ffd5b60405162461bcd60e51b815260206004820152602a60248201527f52656769737472793a20616c72656164792072656769737465726564206279206044820152693a3434b99037bbb732b960b11b6064820152608490fd5b60405162461bcd60e51b815260206004820152602360248201527f52656769737472793a206f776e657220697320746865207a65726f206164647260448201526265737360e81b6064820152608490fd5b346100c25760203660031901126100c2576106ca6109a8565b5f60606040516106d981610a7b565b828152816020820152816040820152015261070e8160018060a01b03165f525f60205260018060a01b0360405f205416151590565b1561090b576001600160a01b03165f81815260026020526040908190209051909161073882610a7b565b82546001600160a01b031682526040516001840180549194919085905f9061075f84610ab9565b80845293600181169081156108e957506001146108a5575b5061078492500385610a97565b602083019384526002810190604051915f908054906107a282610ab9565b808652916001811690811561087e5750600114610841575b505082916107cf610836946003930384610a97565b60408601928352015492606085019384525f525f60205260018060a01b0360405f20541684526108236040519586956020875260018060a01b039051166020870152516080604087015260a08601906109be565b9051848203601f190160608601526109be565b905160808301520390f35b5f908152602081209092505b8183106108645750508201602001816107cf6107ba565b60018160209294939454838589010152019101919061084d565b60ff191660208088019190915292151560051b860190920192508391506107cf90506107ba565b90505f9291925260205f20905f915b8183106108cd5750509060206107849282010187610777565b6020919350806001915483858b010152019101909186926108b4565b90506020925061078494915060ff191682840152151560051b82010187610777565b606460405162461bcd60e51b815260206004820152602060248201527f4461746173657452656769737472793a20756e6b6e6f776e20646174617365746044820152fd5b346100c25760203660031901126100c2576001600160a01b036109706109a8565b165f525f602052602060018060a01b0360405f205416604051908152f35b346100c2575f3660031901126100c2576020906001548152f35b600435906001600160a01b03821682036100c257565b805180835260209291819084018484015e5f828201840152601f01601f1916010190565b9181601f840112156100c25782359167ffffffffffffffff83116100c257602083818601950101116100c257565b9060806003198301126100c2576004356001600160a01b03811681036100c2579160243567ffffffffffffffff81116100c25781610a50916004016109e2565b929092916044359067ffffffffffffffff82116100c257610a73916004016109e2565b909160643590565b6080810190811067ffffffffffffffff82111761057257604052565b90601f8019910116810190811067ffffffffffffffff82111761057257604052565b90600182811c92168015610ae7575b6020831014610ad357565b634e487b7160e01b5f52602260045260245ffd5b91607f1691610ac8565b908060209392818452848401375f828201840152601f01601f1916010190565b959493610b2d60409492610b3b9460608a5260608a0191610af1565b918783036020890152610af1565b930152565b92919267ffffffffffffffff82116105725760405191610b6a601f8201601f191660200184610a97565b8294818452818301116100c2578281602093845f960137010152565b601f8211610b9357505050565b5f5260205f20906020601f840160051c83019310610bcb575b601f0160051c01905b818110610bc0575050565b5f8155600101610bb5565b9091508190610bac565b60405191602083019130835260018060a01b03166040840152606083015260608252610c02608083610a97565b905190206001600160a01b03169056fea26469706673582212203f59e05ab60c6abb637d371283cf6c2bbc99b58bcdd5d547b431199c55416aa664736f6c634300081c0033";

    private static String librariesLinkedBinary;

    public static final String FUNC_COUNT = "count";

    public static final String FUNC_CREATEDATASET = "createDataset";

    public static final String FUNC_ISREGISTERED = "isRegistered";

    public static final String FUNC_OWNEROF = "ownerOf";

    public static final String FUNC_PREDICTDATASET = "predictDataset";

    public static final String FUNC_TRANSFEROWNERSHIP = "transferOwnership";

    public static final String FUNC_VIEWDATASET = "viewDataset";

    public static final Event DATASETCREATED_EVENT = new Event("DatasetCreated", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Utf8String>() {}));
    ;

    public static final Event OWNERSHIPTRANSFERRED_EVENT = new Event("OwnershipTransferred", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}));
    ;

    @Deprecated
    protected DatasetRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected DatasetRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected DatasetRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected DatasetRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<DatasetCreatedEventResponse> getDatasetCreatedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(DATASETCREATED_EVENT, transactionReceipt);
        ArrayList<DatasetCreatedEventResponse> responses = new ArrayList<DatasetCreatedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            DatasetCreatedEventResponse typedResponse = new DatasetCreatedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.dataset = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.name = (String) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static DatasetCreatedEventResponse getDatasetCreatedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(DATASETCREATED_EVENT, log);
        DatasetCreatedEventResponse typedResponse = new DatasetCreatedEventResponse();
        typedResponse.log = log;
        typedResponse.dataset = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.name = (String) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<DatasetCreatedEventResponse> datasetCreatedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getDatasetCreatedEventFromLog(log));
    }

    public Flowable<DatasetCreatedEventResponse> datasetCreatedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(DATASETCREATED_EVENT));
        return datasetCreatedEventFlowable(filter);
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

    public RemoteFunctionCall<BigInteger> count() {
        final Function function = new Function(FUNC_COUNT, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<TransactionReceipt> createDataset(String datasetOwner,
            String datasetName, byte[] datasetMultiaddr, byte[] datasetChecksum) {
        final Function function = new Function(
                FUNC_CREATEDATASET, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, datasetOwner), 
                new org.web3j.abi.datatypes.Utf8String(datasetName), 
                new org.web3j.abi.datatypes.DynamicBytes(datasetMultiaddr), 
                new org.web3j.abi.datatypes.generated.Bytes32(datasetChecksum)), 
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

    public RemoteFunctionCall<String> predictDataset(String datasetOwner, String datasetName,
            byte[] datasetMultiaddr, byte[] datasetChecksum) {
        final Function function = new Function(FUNC_PREDICTDATASET, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, datasetOwner), 
                new org.web3j.abi.datatypes.Utf8String(datasetName), 
                new org.web3j.abi.datatypes.DynamicBytes(datasetMultiaddr), 
                new org.web3j.abi.datatypes.generated.Bytes32(datasetChecksum)), 
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

    public RemoteFunctionCall<Dataset> viewDataset(String dataset) {
        final Function function = new Function(FUNC_VIEWDATASET, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, dataset)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Dataset>() {}));
        return executeRemoteCallSingleValueReturn(function, Dataset.class);
    }

    @Deprecated
    public static DatasetRegistry load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new DatasetRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static DatasetRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new DatasetRegistry(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static DatasetRegistry load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new DatasetRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static DatasetRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new DatasetRegistry(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<DatasetRegistry> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(DatasetRegistry.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<DatasetRegistry> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(DatasetRegistry.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<DatasetRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return deployRemoteCall(DatasetRegistry.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<DatasetRegistry> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(DatasetRegistry.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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

    public static class Dataset extends DynamicStruct {
        public String owner;

        public String name;

        public byte[] multiaddr;

        public byte[] checksum;

        public Dataset(String owner, String name, byte[] multiaddr, byte[] checksum) {
            super(new org.web3j.abi.datatypes.Address(160, owner), 
                    new org.web3j.abi.datatypes.Utf8String(name), 
                    new org.web3j.abi.datatypes.DynamicBytes(multiaddr), 
                    new org.web3j.abi.datatypes.generated.Bytes32(checksum));
            this.owner = owner;
            this.name = name;
            this.multiaddr = multiaddr;
            this.checksum = checksum;
        }

        public Dataset(Address owner, Utf8String name, DynamicBytes multiaddr, Bytes32 checksum) {
            super(owner, name, multiaddr, checksum);
            this.owner = owner.getValue();
            this.name = name.getValue();
            this.multiaddr = multiaddr.getValue();
            this.checksum = checksum.getValue();
        }
    }

    public static class DatasetCreatedEventResponse extends BaseEventResponse {
        public String dataset;

        public String owner;

        public String name;
    }

    public static class OwnershipTransferredEventResponse extends BaseEventResponse {
        public String entry;

        public String previousOwner;

        public String newOwner;
    }
}
