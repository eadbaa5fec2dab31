import{a as r,b as o}from"./chunk-EGVVVXKI.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{r as RailroadEbnfModule,o as createRailroadEbnfServices};
