import"./chunk-3RNHDNP5.js";var z="flowgate:dashboard:token";function O(){try{return localStorage.getItem(z)??""}catch{return""}}function ee(e){try{e?localStorage.setItem(z,e):localStorage.removeItem(z)}catch{}}var te="/graphql";function ne(e){te=e}async function h(e,t){let o={Accept:"application/json","Content-Type":"application/json"},a=O();a&&(o.Authorization="Bearer "+a);let i;try{i=await fetch(te,{method:"POST",headers:o,credentials:"omit",body:JSON.stringify({query:e.toString(),variables:t})})}catch(r){return{data:null,errors:[{message:"flowgate could not be reached: "+String(r),extensions:{code:"NETWORK"}}]}}try{let r=await i.json();return{data:r.data??null,errors:r.errors??[]}}catch{return{data:null,errors:[{message:`HTTP ${i.status}: the response is not JSON`,extensions:{code:"HTTP_"+i.status}}]}}}var oe=document.body.dataset,F={endpoint:oe.endpoint||"/graphql",authentikURL:oe.authentikUrl||"",styleNonce:document.getElementById("dashboard-css")?.nonce||""};function n(e,t,...o){let a=document.createElement(e);for(let[i,r]of Object.entries(t??{}))r==null||r===!1||(i.startsWith("on")&&typeof r=="function"?a.addEventListener(i.slice(2),r):a.setAttribute(i,r===!0?"":String(r)));return ae(a,o),a}function ae(e,t){for(let o of t)o==null||o===!1||(Array.isArray(o)?ae(e,o):e.append(o instanceof Node?o:String(o)))}function k(e){return e?e.toLowerCase().replace(/_/g," "):"unknown"}function $(e){return document.getElementById(e)}var D=null;function ie(e){D=e}function m(e,...t){D&&(D.dataset.kind=e,D.setAttribute("role",e==="error"?"alert":"status"),D.replaceChildren(n("span",{class:"message",id:"status-message"},...t)),D.hidden=!1)}function Pe(){D&&(delete D.dataset.kind,D.replaceChildren(),D.hidden=!0)}var I=null;function B(e,t){I={kind:e,text:t}}function K(){I?m(I.kind,I.text):Pe(),I=null}function H(e){return e.length===0?null:n("ul",{class:"errors"},e.map(t=>n("li",{},t.extensions?.code?n("code",{},t.extensions.code):null," ",t.message,t.path?n("span",{class:"path"}," at ",t.path.join(".")):null)))}function b(e,t){m("error",e,H(t))}var C=["AUTHENTICATION","AUTHORIZATION","ENROLLMENT","INVALIDATION","RECOVERY","STAGE_CONFIGURATION","UNENROLLMENT"];function re(e){let t=/^#\/flows\/([^?]+)$/.exec(e);if(t?.[1])return{screen:"flow",slug:decodeURIComponent(t[1])};if(e==="#/new")return{screen:"new"};let o=new URLSearchParams(e.replace(/^#\/?\??/,"")),a=o.get("d")??"",i=Number(o.get("page")??"1");return{screen:"list",state:{q:o.get("q")??"",d:C.includes(a)?a:"",page:Number.isInteger(i)&&i>=1?i:1}}}function x(e){let t=new URLSearchParams;e.q&&t.set("q",e.q),e.d&&t.set("d",e.d),e.page>1&&t.set("page",String(e.page));let o=t.toString();return o?"#/?"+o:"#/"}function L(e){return"#/flows/"+encodeURIComponent(e)}var Y=()=>{};function se(e){Y=e}function M(e,t=!1){if(location.hash===e){Y();return}t?(history.replaceState(null,"",e),Y()):location.hash=e}var y=class extends String{constructor(t,o){super(t),this.value=t,this.__meta__=o}toString(){return this.value}},le=new y(`
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}
    `,{fragmentName:"FlowDetail"}),de=new y(`
    mutation DashboardCreateFlow($input: CreateFlowInput!) {
  createFlow(input: $input) {
    pk
    slug
  }
}
    `),ue=new y(`
    query DashboardFlow($slug: String!) {
  flow(slug: $slug) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),ge=new y(`
    mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
  updateFlow(slug: $slug, input: $input) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),ce=new y(`
    mutation DashboardDeleteFlow($slug: String!) {
  deleteFlow(slug: $slug) {
    pk
  }
}
    `),pe=new y(`
    mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) {
    ...FlowDetail
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),me=new y(`
    mutation DashboardBind($input: CreateFlowStageBindingInput!) {
  createFlowStageBinding(input: $input) {
    pk
    stage {
      name
    }
    target {
      ...FlowDetail
    }
  }
}
    fragment FlowDetail on Flow {
  pk
  slug
  name
  title
  designation
  authentication
  layout
  deniedAction
  policyEngineMode
  compatibilityMode
  diagram
  bindings {
    pk
    order
    evaluateOnPlan
    reEvaluatePolicies
    policyEngineMode
    invalidResponseAction
    stage {
      pk
      name
      verboseName
    }
  }
}`),fe=new y(`
    mutation DashboardUnbind($pk: ID!) {
  deleteFlowStageBinding(pk: $pk) {
    pk
  }
}
    `),he=new y(`
    query DashboardStages($search: String) {
  stages(first: 100, search: $search, orderBy: {field: NAME}) {
    totalCount
    nodes {
      pk
      name
      verboseName
    }
  }
}
    `),be=new y(`
    query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
  flows(first: $first, after: $after, search: $search, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      pk
      slug
      name
      title
      designation
      bindings {
        pk
        order
        stage {
          pk
          name
          verboseName
        }
      }
    }
  }
}
    `);var qe={"\n  mutation DashboardCreateFlow($input: CreateFlowInput!) {\n    createFlow(input: $input) { pk slug }\n  }\n":de,"\n  fragment FlowDetail on Flow {\n    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode\n    diagram\n    bindings {\n      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction\n      stage { pk name verboseName }\n    }\n  }\n":le,"\n  query DashboardFlow($slug: String!) {\n    flow(slug: $slug) { ...FlowDetail }\n  }\n":ue,"\n  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {\n    updateFlow(slug: $slug, input: $input) { ...FlowDetail }\n  }\n":ge,"\n  mutation DashboardDeleteFlow($slug: String!) {\n    deleteFlow(slug: $slug) { pk }\n  }\n":ce,"\n  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {\n    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }\n  }\n":pe,"\n  mutation DashboardBind($input: CreateFlowStageBindingInput!) {\n    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }\n  }\n":me,"\n  mutation DashboardUnbind($pk: ID!) {\n    deleteFlowStageBinding(pk: $pk) { pk }\n  }\n":fe,"\n  query DashboardStages($search: String) {\n    stages(first: 100, search: $search, orderBy: { field: NAME }) {\n      totalCount\n      nodes { pk name verboseName }\n    }\n  }\n":he,"\n  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {\n    flows(first: $first, after: $after, search: $search, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        pk\n        slug\n        name\n        title\n        designation\n        bindings { pk order stage { pk name verboseName } }\n      }\n    }\n  }\n":be};function w(e){return qe[e]??{}}var J=25,Oe=w(`
  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
    flows(first: $first, after: $after, search: $search, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        pk
        slug
        name
        title
        designation
        bindings { pk order stage { pk name verboseName } }
      }
    }
  }
`);function ye(e){return"flowgate:dashboard:cursors:"+JSON.stringify([e.q,e.d])}function ve(e){try{let t=JSON.parse(sessionStorage.getItem(ye(e))??"[null]");return Array.isArray(t)?t:[null]}catch{return[null]}}function Be(e,t,o){let a=ve(e);a[t]=o;try{sessionStorage.setItem(ye(e),JSON.stringify(a))}catch{}}var P=null,we=0;async function De(e,t){document.title="flowgate · flows",(!P||!e.contains(P.root))&&(P=Qe(e));let o=P;document.activeElement!==o.search&&(o.search.value=t.q),o.designation.value=t.d;let a=t.page>1?ve(t)[t.page-1]:null;if(t.page>1&&!a){M(x({...t,page:1}),!0);return}let i=++we;o.results.setAttribute("aria-busy","true");let{data:r,errors:s}=await h(Oe,{first:J,after:a,search:t.q||null,filter:t.d?{designation:t.d}:null});if(i!==we||P!==o)return;o.results.removeAttribute("aria-busy");let l=r?.flows;if(!l){o.results.replaceChildren(),b("The flows could not be loaded.",s);return}s.length&&b("Some flows could not be loaded.",s),l.pageInfo.endCursor&&Be(t,t.page,l.pageInfo.endCursor);let d=l.nodes.filter(g=>!!g),u=(t.page-1)*J+1,p=Math.max(1,Math.ceil(l.totalCount/J));o.results.replaceChildren(n("p",{class:"count",id:"flow-count"},d.length?`${u}–${u+d.length-1} of ${l.totalCount} flows`:`0 of ${l.totalCount} flows`),d.length===0?n("p",{class:"note",id:"no-flows"},t.q||t.d?"No flow matches.":"No flows are visible with this token."):n("table",{id:"flows"},n("thead",{},n("tr",{},["Flow","Designation","Stages in order"].map(g=>n("th",{scope:"col"},g)))),n("tbody",{},d.map(He))),n("nav",{class:"pager","aria-label":"pages"},n("a",{id:"prev-page",class:"button",href:t.page>1?x({...t,page:t.page-1}):null,"aria-disabled":t.page<=1?"true":null},"← Previous")," ",n("span",{id:"page-info"},`page ${t.page} of ${p}`)," ",n("a",{id:"next-page",class:"button",href:l.pageInfo.hasNextPage?x({...t,page:t.page+1}):null,"aria-disabled":l.pageInfo.hasNextPage?null:"true"},"Next →")))}function He(e){return n("tr",{class:"flow","data-slug":e.slug,"data-designation":e.designation??""},n("td",{},n("a",{href:L(e.slug),class:"flow-link"},e.name),n("br"),n("code",{class:"slug"},e.slug)),n("td",{class:"designation"},k(e.designation)),n("td",{},_e(e.bindings)))}function _e(e){return e.length===0?n("p",{class:"chain empty"},"no stages bound"):n("ol",{class:"chain"},e.map((t,o)=>n("li",{"data-order":t.order},o>0?n("span",{class:"arrow","aria-hidden":"true"},"→"):null,n("span",{class:"pill",title:t.stage.verboseName},n("span",{class:"order"},t.order)," ",n("span",{class:"stage-name"},t.stage.name)))))}function Qe(e){let t=n("input",{id:"search",type:"search",placeholder:"Search name, slug, title, designation…","aria-label":"Search flows",autocomplete:"off",spellcheck:"false"}),o=n("select",{id:"designation","aria-label":"Designation"},n("option",{value:""},"All designations"),C.map(d=>n("option",{value:d},k(d)))),a=0,i=d=>{window.clearTimeout(a),M(x({q:t.value.trim(),d:o.value,page:1}),d)};t.addEventListener("input",()=>{window.clearTimeout(a),a=window.setTimeout(()=>i(!0),250)}),o.addEventListener("change",()=>i(!1));let r=n("form",{id:"list-controls",role:"search"},t,o,n("a",{id:"new-flow",class:"button primary",href:"#/new"},"New flow"));r.addEventListener("submit",d=>{d.preventDefault(),i(!1)});let s=n("div",{id:"results","aria-live":"polite"}),l=n("section",{id:"list-screen"},n("h2",{},"Flows"),r,s);return e.replaceChildren(l),{root:l,search:t,designation:o,results:s}}function f(e,t,o,a){let i="err-"+e.replace(/[^A-Za-z0-9_-]/g,"-");return o.setAttribute("aria-describedby",i),o.dataset.field=e,o.id||(o.id="f-"+e.replace(/[^A-Za-z0-9_-]/g,"-")),n("div",{class:"field","data-field":e},n("label",{for:o.id},t),o,a?n("span",{class:"hint"},a):null,n("div",{class:"field-error",id:i,"data-error-for":e}))}function S(e,t,o){let a=n("select",o??{},e.map(([i,r])=>n("option",{value:i},r)));return a.value=t??e[0]?.[0]??"",a}function _(e){for(let t of e.querySelectorAll(".field-error"))t.replaceChildren();for(let t of e.querySelectorAll("[aria-invalid]"))t.removeAttribute("aria-invalid")}function R(e,t){_(e);let o=0,a=[];for(let i of t){let r=i.extensions??{};if(r.code!=="BAD_USER_INPUT"||!r.fields&&!r.nonFieldErrors){a.push(i);continue}for(let[s,l]of Object.entries(r.fields??{}))for(let d of[].concat(l)){let u=e.querySelector(`[data-error-for="${CSS.escape(s)}"]`);u?(u.append(n("span",{},d)),e.querySelector(`[data-field="${CSS.escape(s)}"]:not(.field)`)?.setAttribute("aria-invalid","true"),o++):a.push({message:`${s}: ${d}`,extensions:{code:r.code}})}for(let s of r.nonFieldErrors??[])a.push({message:s,extensions:{code:r.code}})}return{shown:o,rest:a}}function U(e){return e.map(t=>[t,k(t)])}var Q=U(C),Ee=U(["STACKED","CONTENT_LEFT","CONTENT_RIGHT","SIDEBAR_LEFT","SIDEBAR_RIGHT","SIDEBAR_LEFT_FRAME_BACKGROUND","SIDEBAR_RIGHT_FRAME_BACKGROUND"]),Fe=U(["MESSAGE_CONTINUE","MESSAGE","CONTINUE"]),ke=U(["NONE","REQUIRE_AUTHENTICATED","REQUIRE_UNAUTHENTICATED","REQUIRE_SUPERUSER","REQUIRE_REDIRECT","REQUIRE_OUTPOST"]),xe=U(["ALL","ANY"]);var Ge=w(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);function Se(e){document.title="flowgate · new flow";let t=n("input",{type:"text",required:!0,autocomplete:"off"}),o=n("input",{type:"text",required:!0,autocomplete:"off",spellcheck:"false"}),a=n("input",{type:"text",required:!0,autocomplete:"off"}),i=S(Q,"AUTHENTICATION"),r=!1;o.addEventListener("input",()=>{r=!0}),t.addEventListener("input",()=>{r||(o.value=t.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g,"-").replace(/^-+|-+$/g,""))});let s=n("button",{type:"submit",class:"primary",id:"create-submit"},"Create flow"),l=n("form",{id:"create-form",novalidate:!0},f("input.name","Name",t),f("input.slug","Slug",o,"letters, digits, - and _; part of the flow's URL"),f("input.title","Title",a,"shown to the user while the flow runs"),f("input.designation","Designation",i),n("p",{},s," ",n("a",{href:"#/"},"Cancel")));l.addEventListener("submit",async d=>{d.preventDefault(),s.disabled=!0,m("busy","Creating…");let{data:u,errors:p}=await h(Ge,{input:{name:t.value,slug:o.value.trim(),title:a.value,designation:i.value}});if(s.disabled=!1,u?.createFlow){B("ok",`Flow “${t.value}” created.`),M(L(u.createFlow.slug));return}let{shown:g,rest:E}=R(l,p);E.length?b(g?"The flow was not created: see the fields marked, and:":"The flow was not created.",E):m("error","The flow was not created: see the fields marked.")}),e.replaceChildren(n("section",{id:"create-screen"},n("p",{},n("a",{href:"#/"},"← all flows")),n("h2",{},"New flow"),l)),t.focus()}var Te=null,Ve=0;function je(){return Te??=import("./chunk-MZ273XD5.js").then(({default:e})=>{let t=window.matchMedia?.("(prefers-color-scheme: dark)").matches;return e.initialize({startOnLoad:!1,securityLevel:"strict",theme:t?"dark":"neutral",htmlLabels:!1,flowchart:{htmlLabels:!1,useMaxWidth:!0},fontFamily:'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'}),e}),Te}async function ze(e){let t=document.createElement,o=F.styleNonce;document.createElement=function(a,i){let r=t.call(this,a,i);return o&&a.toLowerCase()==="style"&&(r.nonce=o),r};try{return await e()}finally{document.createElement=t}}async function Me(e,t,o){let a;try{let s=await je(),l="flow-diagram-"+ ++Ve;({svg:a}=await ze(()=>s.render(l,t)))}catch(s){if(!o())return;e.removeAttribute("aria-busy"),e.replaceChildren(n("p",{class:"errors"},"The diagram could not be drawn: "+String(s)," The text is below."));return}if(!o())return;let i=new DOMParser().parseFromString(a,"image/svg+xml"),r=i.documentElement;if(r.nodeName!=="svg"||i.querySelector("parsererror")){e.replaceChildren(n("p",{class:"errors"},"The diagram could not be drawn. The text is below."));return}for(let s of r.querySelectorAll("style"))s.setAttribute("nonce",F.styleNonce);r.setAttribute("role","img"),e.removeAttribute("aria-busy"),e.replaceChildren(document.importNode(r,!0))}w(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
    }
  }
`);var Z=w(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`),Ke=w(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`),Ye=w(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`),Je=w(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`),Ze=w(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`),We=w(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`),Xe=w(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`),A=0,$e=null;async function Le(e,t){document.title="flowgate · "+t;let o=++A;e.replaceChildren(n("p",{class:"note"},"Loading…"));let{data:a,errors:i}=await h(Z,{slug:t});if(o!==A)return;let r=a?.flow;if(!r){e.replaceChildren(Ne(),n("h2",{},t)),i.length?b("The flow could not be loaded.",i):m("error","No flow with this slug, or this token may not see it.");return}i.length&&b("Parts of the flow could not be loaded.",i),Ie(e,r)}function Re(){A++,$e=null}function Ne(){return n("p",{},n("a",{href:x({q:"",d:"",page:1})},"← all flows"))}function Ie(e,t){let o=++A;$e=t;let a=et(t.slug);e.replaceChildren(n("section",{id:"flow-screen","data-slug":t.slug},Ne(),n("div",{class:"title-row"},n("h2",{},t.name," ",n("code",{class:"slug"},t.slug)),a,tt(t)),n("div",{class:"columns"},n("div",{},n("h3",{},"Stage bindings ",n("span",{class:"count"},`(${t.bindings.length})`)),ot(t),lt(t)),n("div",{},n("h3",{},"Settings"),nt(t))),n("h3",{},"Diagram"),dt(t,o)))}function et(e){if(!F.authentikURL)return null;let t;try{t=new URL("if/flow/"+encodeURIComponent(e)+"/",F.authentikURL.replace(/\/*$/,"/"))}catch{return null}return t.protocol!=="https:"&&t.protocol!=="http:"?null:n("a",{id:"run-flow",class:"button",href:t.href,target:"_blank",rel:"noopener noreferrer"},"Run in authentik ↗")}function tt(e){let t=n("div",{class:"delete"}),o=n("button",{type:"button",id:"delete-flow",class:"danger"},"Delete flow…"),a=n("button",{type:"button",id:"delete-confirm",class:"danger"},"Delete"),i=n("button",{type:"button",id:"delete-cancel"},"Cancel"),r=n("span",{class:"confirm"},`Delete “${e.name}” and its ${e.bindings.length} binding${e.bindings.length===1?"":"s"}? `,a," ",i);return t.replaceChildren(o),o.addEventListener("click",()=>{t.replaceChildren(r),i.focus()}),i.addEventListener("click",()=>{t.replaceChildren(o),o.focus()}),a.addEventListener("click",async()=>{a.disabled=!0,m("busy","Deleting…");let{data:s,errors:l}=await h(Ye,{slug:e.slug});if(a.disabled=!1,s?.deleteFlow){B("ok",`Flow “${e.name}” deleted.`),M(x({q:"",d:"",page:1}));return}t.replaceChildren(o),b("The flow was not deleted.",l)}),t}function nt(e){let t=n("input",{type:"text",value:e.name,autocomplete:"off"}),o=n("input",{type:"text",value:e.slug,autocomplete:"off",spellcheck:"false"}),a=n("input",{type:"text",value:e.title,autocomplete:"off"}),i=S(Q,e.designation),r=S(ke,e.authentication),s=S(Ee,e.layout),l=S(Fe,e.deniedAction),d=S(xe,e.policyEngineMode),u=n("input",{type:"checkbox"});u.checked=e.compatibilityMode;let p=n("button",{type:"submit",id:"save-flow",class:"primary"},"Save settings"),g=n("form",{id:"edit-form",novalidate:!0},f("input.name","Name",t),f("input.slug","Slug",o),f("input.title","Title",a),f("input.designation","Designation",i),f("input.authentication","Authentication",r),f("input.layout","Layout",s),f("input.deniedAction","Denied action",l),f("input.policyEngineMode","Policy engine mode",d),f("input.compatibilityMode","Compatibility mode",u),n("dl",{class:"props"},n("dt",{},"pk"),n("dd",{},n("code",{},e.pk))),n("p",{},p));return g.addEventListener("submit",async E=>{E.preventDefault();let c={};if(t.value!==e.name&&(c.name=t.value),o.value.trim()!==e.slug&&(c.slug=o.value.trim()),a.value!==e.title&&(c.title=a.value),i.value!==e.designation&&(c.designation=i.value),r.value!==e.authentication&&(c.authentication=r.value),s.value!==e.layout&&(c.layout=s.value),l.value!==e.deniedAction&&(c.deniedAction=l.value),d.value!==e.policyEngineMode&&(c.policyEngineMode=d.value),u.checked!==e.compatibilityMode&&(c.compatibilityMode=u.checked),_(g),Object.keys(c).length===0){m("info","Nothing to save: no setting changed.");return}p.disabled=!0,m("busy","Saving…");let{data:v,errors:j}=await h(Ke,{slug:e.slug,input:c});p.disabled=!1;let T=v?.updateFlow;if(T){T.slug!==e.slug&&history.replaceState(null,"",L(T.slug)),N(T,"Settings saved.");return}let{shown:Ce,rest:X}=R(g,j);X.length?b(Ce?"The settings were not saved: see the fields marked, and:":"The settings were not saved.",X):m("error","The settings were not saved: see the fields marked.")}),g}function N(e,t){let o=document.getElementById("main");if(!o)return;let a=document.activeElement?.closest("li.binding")?.dataset.pk;Ie(o,e),m("ok",t),a&&o.querySelector(`li.binding[data-pk="${CSS.escape(a)}"] .handle`)?.focus()}function ot(e){if(e.bindings.length===0)return n("p",{class:"note",id:"no-bindings"},"No stages are bound to this flow.");let t=n("ol",{id:"bindings",class:"bindings"},e.bindings.map(a=>at(e,a))),o=n("p",{class:"hint",id:"reorder-help"},"Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.");return n("div",{},o,t)}function at(e,t){let o=n("button",{type:"button",class:"handle","aria-describedby":"reorder-help","aria-label":`Move ${t.stage.name} (position ${e.bindings.indexOf(t)+1} of ${e.bindings.length})`},"⠿"),a=n("button",{type:"button",class:"unbind link","aria-label":`Unbind ${t.stage.name}`},"Unbind"),i=n("li",{class:"binding","data-pk":t.pk,"data-order":t.order},o,n("span",{class:"order"},t.order),n("span",{class:"stage"},n("span",{class:"stage-name"},t.stage.name)," ",n("span",{class:"verbose"},t.stage.verboseName)),n("span",{class:"flags"},[t.evaluateOnPlan&&"policies on plan",t.reEvaluatePolicies&&"re-evaluated"].filter(Boolean).join(", ")||"—"," · ",k(t.policyEngineMode)," · on invalid response: ",k(t.invalidResponseAction)),a);it(e,i,o),o.addEventListener("keydown",s=>{if(s.key!=="ArrowUp"&&s.key!=="ArrowDown")return;s.preventDefault();let l=s.key==="ArrowUp"?i.previousElementSibling:i.nextElementSibling;l&&(s.key==="ArrowUp"?l.before(i):l.after(i),o.focus(),W(e,i.parentElement,600))});let r=0;return a.addEventListener("click",async()=>{if(!r){a.textContent="Really unbind?",a.classList.add("danger"),r=window.setTimeout(()=>{r=0,a.textContent="Unbind",a.classList.remove("danger")},5e3);return}window.clearTimeout(r),a.disabled=!0,m("busy",`Unbinding ${t.stage.name}…`);let{data:s,errors:l}=await h(We,{pk:t.pk});if(!s?.deleteFlowStageBinding){a.disabled=!1,b(`${t.stage.name} was not unbound.`,l);return}let d=await h(Z,{slug:e.slug});d.data?.flow?N(d.data.flow,`Unbound ${t.stage.name}.`):b(`Unbound ${t.stage.name}, but the flow could not be read again.`,d.errors)}),i}function it(e,t,o){o.addEventListener("pointerdown",a=>{if(a.button!==0||G)return;a.preventDefault();let i=t.parentElement,r=[...i.children];o.setPointerCapture(a.pointerId),t.classList.add("dragging");let s=d=>{let u=null;for(let p of i.children){if(p===t)continue;let g=p.getBoundingClientRect();if(d.clientY<g.top+g.height/2){u=p;break}}u!==t.nextElementSibling&&i.insertBefore(t,u)},l=d=>{if(o.removeEventListener("pointermove",s),o.removeEventListener("pointerup",l),o.removeEventListener("pointercancel",l),t.classList.remove("dragging"),d.type==="pointercancel"){i.replaceChildren(...r);return}r.some((u,p)=>i.children[p]!==u)&&W(e,i,0)};o.addEventListener("pointermove",s),o.addEventListener("pointerup",l),o.addEventListener("pointercancel",l)})}var G=!1,Ae=0;function W(e,t,o){window.clearTimeout(Ae),m("busy","Saving the order…"),Ae=window.setTimeout(()=>{rt(e,t)},o)}async function rt(e,t){if(G){W(e,t,200);return}let o=[...t.querySelectorAll("li.binding")].map(u=>u.dataset.pk??"");G=!0;let a=A,{data:i,errors:r}=await h(Je,{flowSlug:e.slug,bindingPks:o});if(G=!1,a!==A)return;let s=i?.reorderFlowStages;if(s&&r.length===0){N(s,"Order saved.");return}if(s){N(s,""),m("error",st(e,r));return}let l=await h(Z,{slug:e.slug});l.data?.flow&&N(l.data.flow,"");let d=r.flatMap(u=>Object.values(u.extensions?.fields??{}).flat());m("error","The order was not saved. ",d.join(" "),d.length?" ":"","The list shows the bindings as authentik has them now.",H(d.length?[]:r))}function st(e,t){let o=new Map(e.bindings.map(s=>[s.pk,s.stage.name])),a=s=>o.has(s)?`${o.get(s)} (${s})`:s,i=t[0]?.extensions??{},r=s=>s&&s.length?s.map(a).join(", "):"none";return n("div",{class:"partial",id:"reorder-partial"},n("p",{},n("strong",{},"The reorder stopped partway. "),"The list shows the bindings as authentik has them now."),n("ul",{},n("li",{},"Failed: ",i.failedBindingPk?a(i.failedBindingPk):"unknown"),n("li",{},"Changed: ",r(i.changedBindingPks)),n("li",{},"Unchanged: ",r(i.unchangedBindingPks))),H(t))}function lt(e){let t=n("input",{type:"search",id:"stage-search",placeholder:"Filter stages by name",autocomplete:"off","aria-label":"Filter stages"}),o=n("select",{id:"bind-stage"},n("option",{value:""},"Loading stages…")),a=e.bindings.reduce((p,g)=>Math.max(p,g.order),0),i=n("input",{type:"number",id:"bind-order",step:"1",value:String(a+10)}),r=n("button",{type:"submit",id:"bind-submit"},"Bind stage"),s=n("form",{id:"bind-form",novalidate:!0},n("h4",{},"Bind a stage"),t,f("input.stagePk","Stage",o),f("input.order","Order",i,"lower runs first"),n("p",{},r)),l=0,d=async()=>{let p=++l,{data:g,errors:E}=await h(Xe,{search:t.value.trim()||null});if(p!==l)return;let c=g?.stages;if(!c){o.replaceChildren(n("option",{value:""},"The stages could not be loaded")),b("The stages could not be loaded.",E);return}o.replaceChildren(n("option",{value:""},c.totalCount>c.nodes.length?`Choose a stage (${c.nodes.length} of ${c.totalCount}: filter to narrow)`:"Choose a stage"),...c.nodes.filter(v=>!!v).map(v=>n("option",{value:v.pk},`${v.name} (${v.verboseName})`)))},u=0;return t.addEventListener("input",()=>{window.clearTimeout(u),u=window.setTimeout(()=>{d()},250)}),d(),s.addEventListener("submit",async p=>{p.preventDefault(),_(s);let g=Number(i.value);if(!o.value||i.value.trim()===""||!Number.isInteger(g)){R(s,[{message:"invalid input",extensions:{code:"BAD_USER_INPUT",fields:{...o.value?{}:{"input.stagePk":["Choose a stage."]},...i.value.trim()!==""&&Number.isInteger(g)?{}:{"input.order":["Enter a whole number."]}}}}]),m("error","The stage was not bound: see the fields marked.");return}r.disabled=!0,m("busy","Binding…");let{data:E,errors:c}=await h(Ze,{input:{flowPk:e.pk,stagePk:o.value,order:g}});r.disabled=!1;let v=E?.createFlowStageBinding;if(v){N(v.target,`Bound ${v.stage.name} at order ${g}.`);return}let{shown:j,rest:T}=R(s,c);T.length?b(j?"The stage was not bound: see the fields marked, and:":"The stage was not bound.",T):m("error","The stage was not bound: see the fields marked.")}),s}function dt(e,t){if(!e.diagram)return n("p",{class:"note",id:"diagram"},"authentik returned no diagram for this flow.");let o=n("div",{id:"diagram",class:"diagram","aria-busy":"true"},n("p",{class:"note"},"Drawing the diagram…")),a=n("details",{id:"diagram-text"},n("summary",{},"Show the diagram as mermaid text"),n("pre",{},e.diagram));return Me(o,e.diagram,()=>t===A),n("div",{},o,a)}ne(F.endpoint);var q=$("main");ie($("status"));function V(){let e=re(location.hash),t=!!q.querySelector("#list-screen");switch((e.screen!=="list"||!t)&&K(),e.screen!=="flow"&&Re(),e.screen){case"list":De(q,e.state);break;case"new":Se(q);break;case"flow":Le(q,e.slug);break}}function ut(){let e=$("auth"),t=$("authorization"),o=$("auth-status");if(!e||!t||!o)return;t.value=O();let a=()=>{o.textContent=O()?"token set":"no token: flowgate's default credentials"};a(),e.addEventListener("submit",i=>{i.preventDefault();let r=t.value.trim().replace(/^bearer\s+/i,"");t.value=r,ee(r),a(),q.replaceChildren(),V()})}se(V);ut();window.addEventListener("hashchange",V);V();
