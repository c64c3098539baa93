namespace Bridge.Host.Features.Console;

/// <summary>The console's whole stylesheet, inlined into each page (no static files, no build step).</summary>
public static class ConsoleStyles
{
    public const string Css = """
        :root { --ink: #1d232b; --muted: #5f6b7a; --line: #dde2e8; --bg: #f6f7f9; --accent: #2456c7; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.5rem; background: #18202b; color: #fff; }
        header strong, header nav { white-space: nowrap; }
        header a { color: #c9d6ea; text-decoration: none; margin-right: 1rem; }
        header a.on, header a:hover { color: #fff; text-decoration: underline; }
        header .who { margin-left: auto; color: #9fb0c6; font-size: 12px; }
        header form { margin: 0; }
        main { padding: 1rem 1.5rem 3rem; max-width: 1200px; }
        h1 { font-size: 20px; margin: .4rem 0 1rem; }
        h2 { font-size: 16px; margin: 1.6rem 0 .5rem; }
        a { color: var(--accent); }
        table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
        th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; font-size: 12px; color: var(--muted); }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.time { white-space: nowrap; }
        code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
        pre { background: #fff; border: 1px solid var(--line); padding: .8rem; overflow: auto; max-height: 32rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; background: #fff; border: 1px solid var(--line); padding: .8rem; margin: 0; }
        dt { color: var(--muted); }
        dd { margin: 0; }
        form.filters { display: flex; gap: .6rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
        form.inline { display: inline; }
        input, select, button { font: inherit; padding: .3rem .5rem; border: 1px solid #b9c2cd; border-radius: 4px; background: #fff; }
        button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
        button.quiet { background: transparent; color: #c9d6ea; border-color: #4a5868; white-space: nowrap; }
        .actions { display: flex; gap: .6rem; align-items: center; margin: .8rem 0; }
        .status { display: inline-block; padding: 0 .45rem; border-radius: 9px; font-size: 12px; font-weight: 600; background: #e5e9ef; }
        .status.processed, .status.paid, .status.ready_for_payment, .status.delivered { background: #d9f2e1; color: #17603a; }
        .status.failed, .status.declined, .status.refunded, .status.dispute { background: #fbe0de; color: #9b1c13; }
        .status.parked, .status.pending, .status.processing, .status.pending_manual_approval { background: #fdf0cf; color: #7a5300; }
        .status.ignored { background: #e5e9ef; color: #4b5563; }
        .notice { background: #e3edff; border: 1px solid #b7cdf7; padding: .5rem .8rem; margin-bottom: 1rem; }
        .error { background: #fbe0de; border: 1px solid #f0b4ae; padding: .5rem .8rem; margin-bottom: 1rem; }
        .muted { color: var(--muted); }
        .login { max-width: 28rem; margin: 4rem auto; background: #fff; border: 1px solid var(--line); padding: 1.5rem; }
        .login input { width: 100%; margin: .3rem 0 1rem; }
        """;
}
