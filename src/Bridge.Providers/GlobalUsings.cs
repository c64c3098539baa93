global using System.Text;
global using System.Text.Json;
global using Bridge.Providers.Contract;
