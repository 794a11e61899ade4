package org.xwgrid.oracle.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Names the reason of a refused call from its revert data: the custom errors declared in the
 * compiled contracts' ABIs (the hub, its registries, the token, OpenZeppelin's), Solidity's
 * {@code Error(string)} and {@code Panic(uint256)}.
 */
public final class HubErrors {
  /** The contracts whose ABIs are read, from {@code /contracts/<Name>.json} on the class path. */
  public static final List<String> CONTRACTS =
      List.of("XwHub", "XwToken", "AppRegistry", "DatasetRegistry", "WorkerpoolRegistry");

  /** A decoded revert: the error's name and its arguments as {@code name=value}. */
  public record Decoded(String name, List<String> args) {}

  private record Definition(String name, List<String> names, List<String> types) {}

  private static final HubErrors INSTANCE = load();

  private final Map<String, Definition> bySelector;

  private HubErrors(Map<String, Definition> bySelector) {
    this.bySelector = bySelector;
  }

  public static HubErrors get() {
    return INSTANCE;
  }

  private static HubErrors load() {
    ObjectMapper json = new ObjectMapper();
    Map<String, Definition> errors = new HashMap<>();
    errors.put(selector("Error(string)"), new Definition("Error", List.of("reason"), List.of("string")));
    errors.put(selector("Panic(uint256)"), new Definition("Panic", List.of("code"), List.of("uint256")));
    for (String contract : CONTRACTS) {
      String resource = "/contracts/" + contract + ".json";
      try (InputStream in = HubErrors.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing " + resource + " on the class path");
        }
        for (JsonNode entry : json.readTree(in).get("abi")) {
          if (!"error".equals(entry.path("type").asText())) {
            continue;
          }
          List<String> names = new ArrayList<>();
          List<String> types = new ArrayList<>();
          for (JsonNode input : entry.get("inputs")) {
            names.add(input.get("name").asText());
            types.add(input.get("type").asText());
          }
          String signature = entry.get("name").asText() + "(" + String.join(",", types) + ")";
          errors.put(selector(signature), new Definition(entry.get("name").asText(), names, types));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return new HubErrors(Map.copyOf(errors));
  }

  /** The 4-byte selector of an error or function signature, as 0x + 8 hex digits. */
  public static String selector(String signature) {
    return Hash.sha3String(signature).substring(0, 10);
  }

  /** The error that {@code revertData} (0x-prefixed hex) encodes, if it is a known one. */
  public Optional<Decoded> decode(String revertData) {
    if (revertData == null || revertData.length() < 10) {
      return Optional.empty();
    }
    String data = revertData.toLowerCase(java.util.Locale.ROOT);
    Definition definition = bySelector.get(data.substring(0, 10));
    if (definition == null) {
      return Optional.empty();
    }
    try {
      List<Type<?>> values = decode("0x" + data.substring(10), definition.types());
      List<String> args = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        args.add(definition.names().get(i) + "=" + show(values.get(i)));
      }
      return Optional.of(new Decoded(definition.name(), List.copyOf(args)));
    } catch (ClassNotFoundException | RuntimeException e) {
      return Optional.of(new Decoded(definition.name(), List.of("undecodable=" + revertData)));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"}) // web3j's decoder speaks raw Type
  private static List<Type<?>> decode(String data, List<String> solidityTypes) throws ClassNotFoundException {
    List<TypeReference<Type>> references = new ArrayList<>();
    for (String t : solidityTypes) {
      references.add((TypeReference<Type>) TypeReference.makeTypeReference(t));
    }
    return (List) FunctionReturnDecoder.decode(data, references);
  }

  private static String show(Type<?> value) {
    Object v = value.getValue();
    if (v instanceof byte[] b) {
      return Numeric.toHexString(b);
    }
    if (v instanceof BigInteger i) {
      return i.toString();
    }
    return String.valueOf(v);
  }
}
