global using System.Data.Common;
global using System.Text.Json;
global using Dapper;
global using Bridge.Core.Ids;
global using Bridge.Core.Money;
global using Bridge.Core.Storage;
