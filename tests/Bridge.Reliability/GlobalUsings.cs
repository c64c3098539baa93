global using System.Net;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using Bridge.Core.Storage;
global using Bridge.Testing;
global using Xunit;
