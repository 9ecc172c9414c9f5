using Microsoft.Playwright;

namespace ExplainHub.EndToEnd.Tests;

/// <summary>
/// A test class of browser tests: each test gets its own Server (and data folder), so a job one test leaves
/// running never shows up on another test's page, and its own browser context.
/// </summary>
public abstract class PageTest(Browser browser) : IAsyncLifetime
{
    private ServerProcess? _server;
    private IBrowserContext? _context;

    protected ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    protected IBrowserContext Context => _context ?? throw new InvalidOperationException("Not started.");

    /// <summary>A second person's browser: a context of its own shares no cookies or storage with <see cref="Context"/>.</summary>
    protected Task<IBrowserContext> NewPersonAsync() => browser.Instance.NewContextAsync();

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _context = await browser.Instance.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
