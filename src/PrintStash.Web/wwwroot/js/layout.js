// Breakpoint shared with app.css: below it the sidebar lies over the page and closes after each navigation.
window.printStashLayout = {
  isNarrow: () => window.matchMedia("(max-width: 768px)").matches,
};
