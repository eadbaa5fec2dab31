import{a as o,b as m}from"./chunk-B34MDD23.js";import"./chunk-S3XBWYDG.js";import"./chunk-QP3MATMC.js";import"./chunk-RD427PFF.js";import"./chunk-C4LPZGZA.js";import"./chunk-EZ6Y77NI.js";import"./chunk-F444WND3.js";import"./chunk-SNMBC6G5.js";import"./chunk-PK37MLOR.js";import"./chunk-HX74DISN.js";import"./chunk-CYS5N72G.js";import"./chunk-7EC5SGCS.js";import"./chunk-HVVAQLXH.js";import"./chunk-Q3KQXLBG.js";import"./chunk-Y4ABHFPJ.js";import"./chunk-HUSXZQVU.js";import"./chunk-6NDAIVIK.js";import"./chunk-G2MTJOON.js";import"./chunk-PYLXRY2O.js";import"./chunk-CF5O62RM.js";import"./chunk-7K6SAGGZ.js";import{a as r}from"./chunk-YUSHYV7C.js";import"./chunk-3RNHDNP5.js";var i=r(t=>`${o(t)}
  .swimlane.cluster:not([data-color-id]) rect {
    stroke: ${t.clusterBorder} !important;
  }
  [data-look="neo"].cluster rect {
    filter: none;
  }
`,"getStyles"),e=i,F=m({styles:e});export{F as diagram};
