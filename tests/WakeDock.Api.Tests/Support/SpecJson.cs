using System.Text.Json.Nodes;

namespace WakeDock.Api.Tests.Support;

/// <summary>The JSON examples printed in the spec (seeds/001), and a comparison field by field.</summary>
internal static class SpecJson
{
    public static JsonNode Example(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecExamples", file)))!;

    /// <summary>Fails unless every field of <paramref name="expected"/> is in <paramref name="actual"/> with an equal value (numbers as numbers), except those in <paramref name="skip"/>.</summary>
    public static void AssertContains(JsonNode expected, JsonNode? actual, IReadOnlySet<string>? skip = null, string path = "$")
    {
        Assert.NotNull(actual);
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
                foreach (var (name, value) in expectedObject)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing from {actual.ToJsonString()}");
                    if (skip?.Contains(name) != true)
                    {
                        AssertContains(value!, actualObject[name], skip, $"{path}.{name}");
                    }
                }

                break;
            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(actualArray.Count >= expectedArray.Count, $"{path}: {actualArray.Count} items, expected at least {expectedArray.Count}");
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertContains(expectedArray[i]!, actualArray[i], skip, $"{path}[{i}]");
                }

                break;
            default:
                var expectedValue = expected.AsValue();
                if (expectedValue.TryGetValue<double>(out var number))
                {
                    Assert.True(actual.AsValue().TryGetValue<double>(out var actualNumber), $"{path}: expected a number, got {actual.ToJsonString()}");
                    Assert.True(number == actualNumber, $"{path}: expected {number}, got {actualNumber}");
                }
                else
                {
                    Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
                }

                break;
        }
    }

    /// <summary>The same keys, recursively (values may differ): for examples whose values depend on the moment.</summary>
    public static void AssertSameShape(JsonNode expected, JsonNode? actual, string path = "$")
    {
        Assert.NotNull(actual);
        if (expected is JsonObject expectedObject)
        {
            var actualObject = Assert.IsType<JsonObject>(actual, exactMatch: false);
            foreach (var (name, value) in expectedObject)
            {
                Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing from {actual.ToJsonString()}");
                AssertSameShape(value!, actualObject[name], $"{path}.{name}");
            }
        }
        else if (expected is JsonArray { Count: > 0 } expectedArray)
        {
            var actualArray = Assert.IsType<JsonArray>(actual, exactMatch: false);
            Assert.NotEmpty(actualArray);
            AssertSameShape(expectedArray[0]!, actualArray[0], $"{path}[0]");
        }
        else if (expected is JsonValue value)
        {
            Assert.Equal(value.GetValueKind(), actual.GetValueKind());
        }
    }
}
