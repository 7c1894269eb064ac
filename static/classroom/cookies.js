// Class rooms: keeps what the server asks for in a cookie scoped to the app's path, so a reload or a
// second tab of the same browser finds it (the browser's random token for the limits; the teacher's
// room, to take it back). The server renders an element per cookie with data attributes only.
(function writeCookies() {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  for (const element of document.querySelectorAll("[data-set-cookie]")) {
    const name = element.getAttribute("data-set-cookie");
    const value = element.getAttribute("data-value") || "";
    const maxAge = Number(element.getAttribute("data-max-age")) || 0;
    const path = element.getAttribute("data-path") || "/";
    if (!/^[a-z_]{1,40}$/.test(name)) continue;
    document.cookie = `${name}=${encodeURIComponent(value)}; Max-Age=${maxAge}; Path=${path}; SameSite=Strict${secure}`;
    element.removeAttribute("data-set-cookie");
  }
})();
