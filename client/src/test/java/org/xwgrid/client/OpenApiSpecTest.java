package org.xwgrid.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.common.api.WorkerApi;

/** {@code docs/openapi.yaml} parses, describes every route, and matches the wire records field by field. */
class OpenApiSpecTest {
  private static final String REF = "#/components/schemas/";

  /** The routes of the gateway: the client API and the worker protocol. */
  private static final Set<String> OPERATIONS = Set.of(
      "GET /api/v1/health",
      "POST /api/v1/users",
      "PUT /api/v1/data/{sha256}",
      "GET /api/v1/data/{sha256}",
      "POST /api/v1/apps",
      "GET /api/v1/apps",
      "GET /api/v1/apps/{name}",
      "POST /api/v1/jobs",
      "GET /api/v1/jobs",
      "GET /api/v1/jobs/{id}",
      "POST /api/v1/jobs/{id}/cancel",
      "GET /api/v1/jobs/{id}/tasks",
      "GET /api/v1/jobs/{id}/tasks/{index}/result",
      "GET /api/v1/chain/jobs/{id}/tasks/{index}/result",
      "GET /api/v1/workers",
      "POST /api/v1/workers/register",
      "POST /api/v1/workers/{id}/heartbeat",
      "POST /api/v1/workers/{id}/work",
      "POST /api/v1/workers/{id}/status",
      "POST /api/v1/workers/{id}/results",
      "POST /api/v1/workers/{id}/reveals",
      "GET /api/v1/accounts",
      "GET /api/v1/accounts/me",
      "GET /api/v1/accounts/{name}",
      "POST /api/v1/accounts/{name}/deposit");

  /** The routes open without a token: health, and the results of on-chain deals (the hub publishes them). */
  private static final Set<String> OPEN = Set.of("/api/v1/health", "/api/v1/chain/jobs/{id}/tasks/{index}/result");

  private static JsonNode spec;

  @BeforeAll
  static void load() throws IOException {
    Path file = Stream.of(Path.of("..", "docs", "openapi.yaml"), Path.of("docs", "openapi.yaml"))
        .filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> new AssertionError("docs/openapi.yaml not found from " + Path.of("").toAbsolutePath()));
    spec = new YAMLMapper().readTree(file.toFile());
  }

  private static List<Class<?>> wireRecords() {
    List<Class<?>> out = new ArrayList<>();
    out.addAll(Arrays.stream(ClientApi.class.getDeclaredClasses()).filter(Class::isRecord).toList());
    out.addAll(Arrays.stream(WorkerApi.class.getDeclaredClasses()).filter(Class::isRecord).toList());
    out.addAll(List.of(DataRef.class, Requirements.class, Capabilities.class, ReplicaRef.class, Health.class));
    return out;
  }

  private static JsonNode schemas() {
    return spec.path("components").path("schemas");
  }

  @Test
  void shouldBeOpenApi303WithBearerSecurity() {
    assertEquals("3.0.3", spec.path("openapi").asText());
    JsonNode bearer = spec.path("components").path("securitySchemes").path("bearer");
    assertEquals("http", bearer.path("type").asText());
    assertEquals("bearer", bearer.path("scheme").asText());
    assertTrue(spec.path("security").get(0).has("bearer"), "bearer is the default security");
  }

  @Test
  void shouldDescribeEveryRouteAndNoOther() {
    Set<String> found = new TreeSet<>();
    spec.path("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
      if (Set.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
        found.add(op.getKey().toUpperCase() + " " + p.getKey());
      }
    }));
    assertEquals(new TreeSet<>(OPERATIONS), found);
  }

  @Test
  void shouldGiveEveryOperationAnIdSuccessErrorViewsAndPathParameters() {
    Set<String> ids = new HashSet<>();
    spec.path("paths").properties().forEach(p -> {
      Set<String> declared = new HashSet<>();
      p.getValue().path("parameters").forEach(param -> declared.add(resolveParameter(param).path("name").asText()));
      p.getValue().properties().forEach(op -> {
        if (op.getKey().equals("parameters")) {
          return;
        }
        String where = op.getKey() + " " + p.getKey();
        JsonNode o = op.getValue();
        assertTrue(ids.add(o.path("operationId").asText()), "unique operationId: " + where);
        Set<String> params = new HashSet<>(declared);
        o.path("parameters").forEach(param -> params.add(resolveParameter(param).path("name").asText()));
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
        while (m.find()) {
          assertTrue(params.contains(m.group(1)), where + " declares path parameter " + m.group(1));
        }
        List<String> codes = new ArrayList<>();
        o.path("responses").fieldNames().forEachRemaining(codes::add);
        assertTrue(codes.stream().anyMatch(c -> c.startsWith("2")), where + " has a success response");
        for (String code : codes) {
          if (code.startsWith("4") || code.startsWith("5")) {
            JsonNode r = resolveResponse(o.path("responses").path(code));
            assertEquals(REF + "ErrorView", r.path("content").path("application/json").path("schema").path("$ref").asText(),
                where + " " + code + " has an ErrorView body");
          }
        }
        boolean open = o.has("security") && o.path("security").isEmpty();
        assertEquals(OPEN.contains(p.getKey()), open, where + ": only health and the results of deals are open");
        if (!open) {
          assertTrue(codes.contains("401"), where + " lists 401");
        }
      });
    });
  }

  @Test
  void shouldListTheErrorsOfTheContract() {
    assertTrue(responses("post", "/api/v1/users").contains("409"));
    assertTrue(responses("put", "/api/v1/data/{sha256}").containsAll(List.of("200", "201", "400", "413")));
    assertTrue(responses("post", "/api/v1/apps").containsAll(List.of("200", "201", "409")));
    assertTrue(responses("post", "/api/v1/jobs").containsAll(List.of("201", "400", "402", "404")));
    assertTrue(responses("get", "/api/v1/jobs/{id}/tasks/{index}/result").contains("404"));
    assertTrue(responses("post", "/api/v1/workers/{id}/status").contains("204"));
    assertTrue(responses("post", "/api/v1/workers/{id}/reveals").contains("200"));
  }

  private static Set<String> responses(String method, String path) {
    Set<String> out = new HashSet<>();
    spec.path("paths").path(path).path(method).path("responses").fieldNames().forEachRemaining(out::add);
    assertFalse(out.isEmpty(), method + " " + path);
    return out;
  }

  @Test
  void shouldResolveEveryReference() {
    List<String> refs = new ArrayList<>();
    collectRefs(spec, refs);
    assertFalse(refs.isEmpty());
    for (String ref : refs) {
      assertTrue(ref.startsWith("#/"), ref);
      JsonNode target = spec.at(ref.substring(1));
      assertFalse(target.isMissingNode(), "dangling " + ref);
    }
  }

  @Test
  void shouldMatchEveryWireRecordFieldByField() {
    for (Class<?> record : wireRecords()) {
      String name = record.getSimpleName();
      JsonNode schema = schemas().path(name);
      assertFalse(schema.isMissingNode(), "schema " + name);
      assertEquals("object", schema.path("type").asText(), name);
      List<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
      List<String> properties = new ArrayList<>();
      schema.path("properties").fieldNames().forEachRemaining(properties::add);
      assertEquals(fields, properties, name + ": the same fields in the same order");
      Set<String> required = new HashSet<>();
      schema.path("required").forEach(r -> required.add(r.asText()));
      assertTrue(fields.containsAll(required), name + " requires only its fields: " + required);
      for (RecordComponent c : record.getRecordComponents()) {
        String where = name + "." + c.getName();
        assertType(where, c.getGenericType(), schema.path("properties").path(c.getName()));
        if (c.getType().isPrimitive()) {
          assertTrue(required.contains(c.getName()), where + " is a primitive, so the strict mapper requires it");
        }
      }
    }
  }

  @Test
  void shouldListTheReplicaStates() {
    List<String> values = new ArrayList<>();
    schemas().path("ReplicaState").path("enum").forEach(v -> values.add(v.asText()));
    assertEquals(Arrays.stream(ReplicaState.values()).map(Enum::name).toList(), values);
  }

  @Test
  void shouldNameTheStatesAndRolesOfTheContract() {
    assertEquals(List.of("RUNNING", "COMPLETED", "FAILED", "CANCELLED"), texts(schemas().path("JobView").path("properties").path("state").path("enum")));
    assertEquals(List.of("PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"), texts(schemas().path("TaskView").path("properties").path("state").path("enum")));
    assertEquals(List.of("worker", "standard", "admin"), texts(schemas().path("UserRequest").path("properties").path("role").path("enum")));
    assertEquals(List.of("OPEN", "REVEALING", "FINALIZED", "FAILED"), texts(schemas().path("PocoView").path("properties").path("phase").path("enum")));
    assertEquals(List.of("ASSIGNED", "CONTRIBUTED", "REVEALED", "FAILED"), texts(schemas().path("ReplicaView").path("properties").path("status").path("enum")));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static void assertType(String where, Type type, JsonNode node) {
    assertFalse(node.isMissingNode(), where);
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        assertEquals("array", node.path("type").asText(), where);
        assertType(where + "[]", args[0], node.path("items"));
        return;
      }
      if (Map.class.isAssignableFrom(raw)) {
        assertEquals(String.class, args[0], where + " has string keys");
        assertEquals("object", node.path("type").asText(), where);
        assertType(where + "{}", args[1], node.path("additionalProperties"));
        return;
      }
      throw new AssertionError(where + ": no mapping for " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      assertEquals("string", node.path("type").asText(), where);
      assertFalse(node.has("format") && !node.path("format").asText().isEmpty() && !node.path("format").asText().equals("binary"),
          where + " is a plain string");
    } else if (c == int.class || c == Integer.class) {
      assertEquals("integer", node.path("type").asText(), where);
      assertEquals("int32", node.path("format").asText(), where);
    } else if (c == long.class || c == Long.class) {
      assertEquals("integer", node.path("type").asText(), where);
      assertEquals("int64", node.path("format").asText(), where);
    } else if (c == double.class || c == Double.class) {
      assertEquals("number", node.path("type").asText(), where);
      assertEquals("double", node.path("format").asText(), where);
    } else if (c == boolean.class || c == Boolean.class) {
      assertEquals("boolean", node.path("type").asText(), where);
    } else if (c == Instant.class) {
      assertEquals("string", node.path("type").asText(), where);
      assertEquals("date-time", node.path("format").asText(), where);
    } else if (c.isRecord() || c.isEnum()) {
      assertEquals(REF + c.getSimpleName(), node.path("$ref").asText(), where);
    } else {
      throw new AssertionError(where + ": no mapping for " + c);
    }
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, out));
    }
  }

  private static JsonNode resolveParameter(JsonNode param) {
    return resolve(param);
  }

  private static JsonNode resolveResponse(JsonNode response) {
    return resolve(response);
  }

  private static JsonNode resolve(JsonNode node) {
    if (node.has("$ref")) {
      JsonNode target = spec.at(node.path("$ref").asText().substring(1));
      assertNotNull(target);
      return target;
    }
    return node;
  }
}
