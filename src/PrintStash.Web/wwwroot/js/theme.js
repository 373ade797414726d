// Theme switching without a reload: both Radzen stylesheets are in <head>; we only flip their media queries.
window.printStashTheme = {
  set(mode) {
    const light = document.getElementById("theme-light");
    const dark = document.getElementById("theme-dark");
    const media = {
      system: ["not all and (prefers-color-scheme: dark)", "(prefers-color-scheme: dark)"],
      light: ["all", "not all"],
      dark: ["not all", "all"],
    }[mode] ?? null;
    if (!media || !light || !dark) return;
    light.media = media[0];
    dark.media = media[1];
    document.documentElement.dataset.theme = mode;
    document.cookie = `printstash.theme=${mode}; path=/; max-age=31536000; samesite=lax`;
  },
};
