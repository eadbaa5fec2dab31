import{a as r,b as e}from"./chunk-PBDZ3QH2.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{r as RadarModule,e as createRadarServices};
