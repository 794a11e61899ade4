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
public class AppRegistry extends Contract {
    public static final String BINARY = "60808060405234601557610e5b908161001a8239f35b5f80fdfe6080806040526004361015610012575f80fd5b5f3560e01c90816306661abd14610a855750806314afd79e14610a465780633f7868ff1461049a5780636d435421146102fe578063c3c5a547146102b7578063e1523fb4146100ad5763e92118ed14610069575f80fd5b346100a957602061009761009161007f36610ae3565b97999899969096959195949294610d63565b90610de8565b6040516001600160a01b039091168152f35b5f80fd5b346100a95760203660031901126100a9576100c6610a9f565b606060a06040516100d681610bb7565b5f815282602082015282604082015282808201525f608082015201526101168160018060a01b03165f525f60205260018060a01b0360405f205416151590565b156102725760018060a01b0316805f52600260205260405f2061026e6040519161013f83610bb7565b80546001600160a01b03168352604051936005906102559061016f876101688160018801610ce2565b0388610bd3565b602086019687526102426040516101948161018d8160028a01610ce2565b0382610bd3565b60408801908152604051926101b7846101b08160038b01610ce2565b0385610bd3565b606089019384526101e560048801549760808b019889526101de6040518099819301610ce2565b0387610bd3565b60a089019586525f525f60205260018060a01b0360405f205416885261022f604051998a9960208b5260018060a01b0390511660208b01525160c060408b015260e08a0190610b93565b9051888203601f190160608a0152610b93565b9051868203601f19016080880152610b93565b915160a085015251838203601f190160c0850152610b93565b0390f35b60405162461bcd60e51b815260206004820152601860248201527f41707052656769737472793a20756e6b6e6f776e2061707000000000000000006044820152606490fd5b346100a95760203660031901126100a95760206102f46102d5610a9f565b6001600160a01b039081165f9081526020819052604090205416151590565b6040519015158152f35b346100a95760403660031901126100a957610317610a9f565b6024356001600160a01b03811691908290036100a9576001600160a01b039081165f81815260208190526040902054909116908115610455573382036103fa5782156103a557805f525f60205260405f20836bffffffffffffffffffffffff60a01b8254161790557fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec5f80a4005b60405162461bcd60e51b815260206004820152602760248201527f52656769737472793a206e6577206f776e657220697320746865207a65726f206044820152666164647265737360c81b6064820152608490fd5b60405162461bcd60e51b815260206004820152602d60248201527f52656769737472793a206f6e6c792074686520656e7472792773206f776e657260448201526c081d1c985b9cd9995c9cc81a5d609a1b6064820152608490fd5b60405162461bcd60e51b815260206004820152601760248201527f52656769737472793a20756e6b6e6f776e20656e7472790000000000000000006044820152606490fd5b346100a9576104c16104ab36610ae3565b9291939897959499838286858d8f8b8e8e610d63565b6001600160a01b038916989089156109f5576001600160a01b03916104e69190610de8565b1698895f525f60205260018060a01b0360405f20541661099d57895f525f60205260405f20896bffffffffffffffffffffffff60a01b825416179055600154600181018091116109895760015560405195895f8c7fc8894f26f396ce8c004245c8b7cd1b92103a6e4302fcbab883987149ac01b7ec8280a461056787610bb7565b898752610575368a8a610bf5565b9b602088019c8d52369061058892610bf5565b9260408701938452369061059b92610bf5565b92606086019384526080860194855236906105b592610bf5565b60a085019081525f898152600260205260409020945185546001600160a01b0319166001600160a01b039190911617855598518051600186019167ffffffffffffffff8211610831576106128261060c8554610c3b565b85610c73565b602090601f83116001146109265761064192915f918361091b575b50508160011b915f199060031b1c19161790565b90555b518051600285019167ffffffffffffffff8211610831576106698261060c8554610c3b565b602090601f83116001146108b85761069792915f91836108455750508160011b915f199060031b1c19161790565b90555b518051600384019167ffffffffffffffff8211610831576106bf8261060c8554610c3b565b602090601f83116001146108505791806106f3926005979695945f926108455750508160011b915f199060031b1c19161790565b90555b5160048201550194519081519267ffffffffffffffff84116108315786869361072b8661072560209b54610c3b565b84610c73565b8890601f87116001146107a957958061077b927f65f55453847d20286446652be53a972f1187a733690f73cf240dd6ce1b9796e197985f9261079e5750508160011b915f199060031b1c19161790565b90555b61079360405192839289845289840191610cc2565b0390a3604051908152f35b015190508b8061062d565b9590601f19821696835f52815f20975f5b8181106108175750917f65f55453847d20286446652be53a972f1187a733690f73cf240dd6ce1b9796e19798918460019594106107ff575b505050811b01905561077e565b01515f1960f88460031b161c191690558a80806107f2565b838301518a556001909901988b9850928c01928c016107ba565b634e487b7160e01b5f52604160045260245ffd5b015190508c8061062d565b90601f19831691845f52815f20925f5b8181106108a057509160019391856005999897969410610888575b505050811b0190556106f6565b01515f1960f88460031b161c191690558b808061087b565b92936020600181928786015181550195019301610860565b90601f19831691845f52815f20925f5b81811061090357509084600195949392106108eb575b505050811b01905561069a565b01515f1960f88460031b161c191690558b80806108de565b929360206001819287860151815501950193016108c8565b015190508d8061062d565b90601f19831691845f52815f20925f5b8181106109715750908460019594939210610959575b505050811b019055610644565b01515f1960f88460031b161c191690558c808061094c565b92936020600181928786015181550195019301610936565b634e487b7160e01b5f52601160045260245ffd5b60405162461bcd60e51b815260206004820152602a60248201527f52656769737472793a20616c72656164792072656769737465726564206279206044820152693a3434b99037bbb732b960b11b6064820152608490fd5b60405162461bcd60e51b815260206004820152602360248201527f52656769737472793a206f776e657220697320746865207a65726f206164647260448201526265737360e81b6064820152608490fd5b346100a95760203660031901126100a9576001600160a01b03610a67610a9f565b165f525f602052602060018060a01b0360405f205416604051908152f35b346100a9575f3660031901126100a9576020906001548152f35b600435906001600160a01b03821682036100a957565b9181601f840112156100a95782359167ffffffffffffffff83116100a957602083818601950101116100a957565b60c06003198201126100a9576004356001600160a01b03811681036100a9579160243567ffffffffffffffff81116100a95782610b2291600401610ab5565b9290929160443567ffffffffffffffff81116100a95782610b4591600401610ab5565b9290929160643567ffffffffffffffff81116100a95782610b6891600401610ab5565b929092916084359160a4359067ffffffffffffffff82116100a957610b8f91600401610ab5565b9091565b805180835260209291819084018484015e5f828201840152601f01601f1916010190565b60c0810190811067ffffffffffffffff82111761083157604052565b90601f8019910116810190811067ffffffffffffffff82111761083157604052565b92919267ffffffffffffffff82116108315760405191610c1f601f8201601f191660200184610bd3565b8294818452818301116100a9578281602093845f960137010152565b90600182811c92168015610c69575b6020831014610c5557565b634e487b7160e01b5f52602260045260245ffd5b91607f1691610c4a565b601f8211610c8057505050565b5f5260205f20906020601f840160051c83019310610cb8575b601f0160051c01905b818110610cad575050565b5f8155600101610ca2565b9091508190610c99565b908060209392818452848401375f828201840152601f01601f1916010190565b5f9291815491610cf183610c3b565b8083529260018116908115610d465750600114610d0d57505050565b5f9081526020812093945091925b838310610d2c575060209250010190565b600181602092949394548385870101520191019190610d1b565b915050602093945060ff929192191683830152151560051b010190565b959391979296949097604051978897602089019a60a08c5260c08a0190610d8992610cc2565b90601f198983030160408a0152610d9f92610cc2565b90601f19878303016060880152610db592610cc2565b916080850152601f198483030160a0850152610dd092610cc2565b03601f1981018252610de29082610bd3565b51902090565b60405191602083019130835260018060a01b03166040840152606083015260608252610e15608083610bd3565b905190206001600160a01b03169056fea2646970667358221220644d46ad59266e892447c7fe4de1999fcb139ce9666bc44ac7ff29f70809779e64736f6c634300081c0033";

    private static String librariesLinkedBinary;

    public static final String FUNC_COUNT = "count";

    public static final String FUNC_CREATEAPP = "createApp";

    public static final String FUNC_ISREGISTERED = "isRegistered";

    public static final String FUNC_OWNEROF = "ownerOf";

    public static final String FUNC_PREDICTAPP = "predictApp";

    public static final String FUNC_TRANSFEROWNERSHIP = "transferOwnership";

    public static final String FUNC_VIEWAPP = "viewApp";

    public static final Event APPCREATED_EVENT = new Event("AppCreated", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Utf8String>() {}));
    ;

    public static final Event OWNERSHIPTRANSFERRED_EVENT = new Event("OwnershipTransferred", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}));
    ;

    @Deprecated
    protected AppRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected AppRegistry(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected AppRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected AppRegistry(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<AppCreatedEventResponse> getAppCreatedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(APPCREATED_EVENT, transactionReceipt);
        ArrayList<AppCreatedEventResponse> responses = new ArrayList<AppCreatedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            AppCreatedEventResponse typedResponse = new AppCreatedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.app = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.name = (String) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static AppCreatedEventResponse getAppCreatedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(APPCREATED_EVENT, log);
        AppCreatedEventResponse typedResponse = new AppCreatedEventResponse();
        typedResponse.log = log;
        typedResponse.app = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.owner = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.name = (String) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<AppCreatedEventResponse> appCreatedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getAppCreatedEventFromLog(log));
    }

    public Flowable<AppCreatedEventResponse> appCreatedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(APPCREATED_EVENT));
        return appCreatedEventFlowable(filter);
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

    public RemoteFunctionCall<TransactionReceipt> createApp(String appOwner, String appName,
            String appType, byte[] appMultiaddr, byte[] appChecksum, byte[] appMREnclave) {
        final Function function = new Function(
                FUNC_CREATEAPP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, appOwner), 
                new org.web3j.abi.datatypes.Utf8String(appName), 
                new org.web3j.abi.datatypes.Utf8String(appType), 
                new org.web3j.abi.datatypes.DynamicBytes(appMultiaddr), 
                new org.web3j.abi.datatypes.generated.Bytes32(appChecksum), 
                new org.web3j.abi.datatypes.DynamicBytes(appMREnclave)), 
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

    public RemoteFunctionCall<String> predictApp(String appOwner, String appName, String appType,
            byte[] appMultiaddr, byte[] appChecksum, byte[] appMREnclave) {
        final Function function = new Function(FUNC_PREDICTAPP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, appOwner), 
                new org.web3j.abi.datatypes.Utf8String(appName), 
                new org.web3j.abi.datatypes.Utf8String(appType), 
                new org.web3j.abi.datatypes.DynamicBytes(appMultiaddr), 
                new org.web3j.abi.datatypes.generated.Bytes32(appChecksum), 
                new org.web3j.abi.datatypes.DynamicBytes(appMREnclave)), 
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

    public RemoteFunctionCall<App> viewApp(String app) {
        final Function function = new Function(FUNC_VIEWAPP, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, app)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<App>() {}));
        return executeRemoteCallSingleValueReturn(function, App.class);
    }

    @Deprecated
    public static AppRegistry load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new AppRegistry(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static AppRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new AppRegistry(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static AppRegistry load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new AppRegistry(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static AppRegistry load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new AppRegistry(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<AppRegistry> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(AppRegistry.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<AppRegistry> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(AppRegistry.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static RemoteCall<AppRegistry> deploy(Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(AppRegistry.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<AppRegistry> deploy(Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(AppRegistry.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
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

    public static class App extends DynamicStruct {
        public String owner;

        public String name;

        public String appType;

        public byte[] multiaddr;

        public byte[] checksum;

        public byte[] mrenclave;

        public App(String owner, String name, String appType, byte[] multiaddr, byte[] checksum,
                byte[] mrenclave) {
            super(new org.web3j.abi.datatypes.Address(160, owner), 
                    new org.web3j.abi.datatypes.Utf8String(name), 
                    new org.web3j.abi.datatypes.Utf8String(appType), 
                    new org.web3j.abi.datatypes.DynamicBytes(multiaddr), 
                    new org.web3j.abi.datatypes.generated.Bytes32(checksum), 
                    new org.web3j.abi.datatypes.DynamicBytes(mrenclave));
            this.owner = owner;
            this.name = name;
            this.appType = appType;
            this.multiaddr = multiaddr;
            this.checksum = checksum;
            this.mrenclave = mrenclave;
        }

        public App(Address owner, Utf8String name, Utf8String appType, DynamicBytes multiaddr,
                Bytes32 checksum, DynamicBytes mrenclave) {
            super(owner, name, appType, multiaddr, checksum, mrenclave);
            this.owner = owner.getValue();
            this.name = name.getValue();
            this.appType = appType.getValue();
            this.multiaddr = multiaddr.getValue();
            this.checksum = checksum.getValue();
            this.mrenclave = mrenclave.getValue();
        }
    }

    public static class AppCreatedEventResponse extends BaseEventResponse {
        public String app;

        public String owner;

        public String name;
    }

    public static class OwnershipTransferredEventResponse extends BaseEventResponse {
        public String entry;

        public String previousOwner;

        public String newOwner;
    }
}
