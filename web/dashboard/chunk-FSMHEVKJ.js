import{a as r,b as o}from"./chunk-ZKLJNPNC.js";import"./chunk-VQ6BUIXY.js";import"./chunk-3RNHDNP5.js";export{r as RailroadAbnfModule,o as createRailroadAbnfServices};
