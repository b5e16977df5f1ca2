/* /docs: Swagger UI (served from the swagger-ui-bundle-v2 package, never a CDN) over this
 * server's OpenAPI document. Kept out of the page so the CSP can forbid inline scripts. */
window.addEventListener("load", function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: box.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true
  });
});
