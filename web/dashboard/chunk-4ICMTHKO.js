import{a as o,b as m}from"./chunk-FMJ7MDJH.js";import"./chunk-PKR2SERU.js";import"./chunk-YTVI34WL.js";import"./chunk-A6NG2EDH.js";import"./chunk-FW5DFCIF.js";import"./chunk-GY7FGMNV.js";import"./chunk-OQIVMSOH.js";import"./chunk-MYDID5GX.js";import"./chunk-MLWMHOQS.js";import"./chunk-C2XCLMMY.js";import"./chunk-BENWTR3I.js";import"./chunk-TZIZEFLS.js";import"./chunk-3K2U4T5Q.js";import"./chunk-4KWB2LCA.js";import"./chunk-LBBL6KWS.js";import"./chunk-5QOXT254.js";import"./chunk-RFUXPASO.js";import"./chunk-XBICKXJ5.js";import"./chunk-6K6GGON2.js";import"./chunk-VPLOYKJ7.js";import"./chunk-BI2MAE54.js";import{a as r}from"./chunk-Z2VYXTET.js";import"./chunk-3RNHDNP5.js";var i=r(t=>`${o(t)}
  .swimlane.cluster:not([data-color-id]) rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),e=i,F=m({styles:e});export{F as diagram};
