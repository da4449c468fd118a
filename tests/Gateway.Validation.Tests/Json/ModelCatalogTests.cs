using System.Text.Json;

using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Validation.Tests.Json;

public class ModelCatalogTests
{
    [Fact]
    public async Task Handlers_registered_concurrently_on_fresh_options_all_bind_their_recursive_and_nested_models()
    {
        var options = new HandlerOptions { JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) };
        var routers = new Router[8];
        await Task.WhenAll(Enumerable.Range(0, routers.Length).Select(i => Task.Run(() =>
        {
            var router = new Router();
            router.MapHandler("/tree", ["POST"], (TreeNode node) => node.Children?.Count ?? 0, options);
            router.MapHandler("/orders", ["POST"], (Order order) => order.Items.Count, options);
            routers[i] = router;
        })));

        foreach (var router in routers)
        {
            await using var client = new TestClient(router);
            var tree = await client.PostJsonAsync("/tree", """{"name":"a","children":[{"name":"b"}]}""");
            var order = await client.PostJsonAsync("/orders", """{"id":"o","address":{"street":"s","zip":"12345"},"items":[{"street":"s","zip":"12345"}]}""");
            Assert.Equal("1", await tree.Content.ReadAsStringAsync());
            Assert.Equal("1", await order.Content.ReadAsStringAsync());
        }
    }
}