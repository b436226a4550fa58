// The article toolbar's menus are plain <details>: they open and close without script.
// This adds what people expect of a menu: one open at a time, Escape closes it (focus back on
// its button), and a click elsewhere closes it.
const MENUS = ".toolbar details";

export function initMenus() {
  const menus = () => Array.from(document.querySelectorAll(MENUS));
  document.addEventListener(
    "toggle",
    (event) => {
      const opened = event.target;
      if (!opened.matches?.(MENUS) || !opened.open) return;
      menus().forEach((menu) => {
        if (menu !== opened && !menu.contains(opened)) menu.open = false;
      });
    },
    true, // toggle does not bubble
  );
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const menu = event.target.closest?.(`${MENUS}[open]`);
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary")?.focus();
    event.stopPropagation();
  });
  document.addEventListener("click", (event) => {
    menus().forEach((menu) => {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
}
