global using System.Text;
global using System.Text.Json;
global using Bridge.Providers;
global using Bridge.Providers.Contract;
global using Bridge.Providers.Fixtures;
global using Bridge.Testing;
global using Xunit;
global using Bridge.Providers.Tests.Fixtures;
