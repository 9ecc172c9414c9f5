using System.IO.Compression;
using ExplainHub.Server.Access;
using ExplainHub.Shared;

namespace ExplainHub.Server.Models;

/// <summary>
/// A trained network as a download: the engine's export (model.safetensors with torchvision's names, and
/// model.json) zipped. The engine writes it to a folder of its own machine, so this works with the embedded engine;
/// with a remote one the answer says to export on that machine. The engine checks the id.
/// </summary>
public static class ModelExports
{
    public static IEndpointRouteBuilder MapModelExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/models/{id}.zip", async (string id, IEngine engine, EngineEndpoint endpoint, CancellationToken token) =>
        {
            if (!endpoint.IsEmbedded)
            {
                return Results.Problem("This app uses a remote engine: export on its machine with ./explainhub --engine URL export --model ID --out DIR.",
                    statusCode: StatusCodes.Status409Conflict);
            }

            var folder = Directory.CreateTempSubdirectory("explainhub-export-");
            try
            {
                await engine.ExportModelAsync(new ModelExportRequest(id, folder.FullName), token);
                var zip = new MemoryStream();
                await using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var file in folder.GetFiles())
                    {
                        await archive.CreateEntryFromFileAsync(file.FullName, file.Name, CompressionLevel.Fastest, token);
                    }
                }

                zip.Position = 0;
                return Results.File(zip, "application/zip", $"{id}.zip");
            }
            catch (EngineException e)
            {
                return EngineProblem.From(e);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }).RequireAuthorization(TeamAccess.Policy);
        return endpoints;
    }
}
