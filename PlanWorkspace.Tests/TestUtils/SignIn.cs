using PlanWorkspace.Bench.Load;

namespace PlanWorkspace.Tests.TestUtils;

/// <summary>Signs an <see cref="HttpClient"/> in through the real sign-in form (<see cref="SignInForm"/>).</summary>
public static class SignIn
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await SignInForm.PostAsync(client, email, password, timeout.Token);
    }
}
